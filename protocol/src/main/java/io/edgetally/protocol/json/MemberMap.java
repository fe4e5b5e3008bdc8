package io.edgetally.protocol.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The members of one parsed object, in document order, in parallel arrays: a report's objects have 3 to 19
 * members, where a hash table's nodes, resizing and rehashing cost more than scanning the members' hash codes.
 * Objects with many members get a hash index, so duplicate detection and lookup stay linear overall. Filled once
 * by the byte parser, then read-only (a {@link JsonValue.JsonObject} hands it out unmodifiable).
 */
final class MemberMap extends AbstractMap<String, JsonValue> {

    private static final int INDEX_FROM = 16;

    private String[] keys = new String[8];
    private int[] hashes = new int[8];
    private JsonValue[] values = new JsonValue[8];
    private int size;
    private HashMap<String, Integer> index;

    /** Adds a member; false (and nothing added) if {@code key} is already a member. */
    boolean add(String key, int hash, JsonValue value) {
        if (indexOf(key, hash) >= 0) {
            return false;
        }
        if (size == keys.length) {
            int n = size * 2;
            keys = java.util.Arrays.copyOf(keys, n);
            hashes = java.util.Arrays.copyOf(hashes, n);
            values = java.util.Arrays.copyOf(values, n);
        }
        keys[size] = key;
        hashes[size] = hash;
        values[size] = value;
        if (index != null) {
            index.put(key, size);
        } else if (size + 1 == INDEX_FROM) {
            index = new HashMap<>(64);
            for (int i = 0; i <= size; i++) {
                index.put(keys[i], i);
            }
        }
        size++;
        return true;
    }

    private int indexOf(String key, int hash) {
        if (index != null) {
            Integer at = index.get(key);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public JsonValue get(Object key) {
        if (key instanceof String s) {
            int i = indexOf(s, s.hashCode());
            return i < 0 ? null : values[i];
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String s && indexOf(s, s.hashCode()) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<String, JsonValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, JsonValue>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, JsonValue> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
