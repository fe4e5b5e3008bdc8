/** SQLite (the bottom layer): the site's database and its schema migrations. */
package io.edgetally.store;
