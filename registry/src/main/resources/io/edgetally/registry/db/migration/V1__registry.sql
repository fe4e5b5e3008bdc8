-- The registry's store. Reports are kept byte for byte as received; everything else can be rebuilt from them
-- and the enrolments.

-- One row per enrolled site/device: what it may book, and where its chain stands.
CREATE TABLE devices (
    site             text        NOT NULL,
    device           text        NOT NULL,
    kind             text        NOT NULL,
    methodology      text        NOT NULL,  -- id/version
    sensitivity      text,                  -- id/version, or NULL: the site books none
    grid_region      text        NOT NULL,
    grid_year        integer     NOT NULL,
    enrolled_at      timestamptz NOT NULL,
    -- the highest contiguous, linked seq (what is acknowledged) and its record's facts the next one must continue
    head_seq         bigint      NOT NULL DEFAULT 0,
    head_hash        text        NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    head_period_end  timestamptz,
    head_meter_id    text,
    head_end_kwh     numeric,
    last_report_at   timestamptz,
    -- the state topic: online/offline, and the chain head the device announced in its signed birth
    state            text,
    state_at         timestamptz,
    birth_seq        bigint,
    birth_hash       text,
    birth_at         timestamptz,
    PRIMARY KEY (site, device)
);

-- Every key a device was enrolled with. Revoking keeps the key: reports accepted before stay verifiable.
CREATE TABLE device_keys (
    site        text        NOT NULL,
    device      text        NOT NULL,
    key_id      text        NOT NULL,
    public_key  text        NOT NULL,  -- raw 32 bytes, base64
    enrolled_at timestamptz NOT NULL,
    revoked_at  timestamptz,
    PRIMARY KEY (site, device, key_id),
    FOREIGN KEY (site, device) REFERENCES devices (site, device)
);
-- at most one key in force per device
CREATE UNIQUE INDEX device_keys_current ON device_keys (site, device) WHERE revoked_at IS NULL;

-- Verified reports. linked: part of the contiguous chain from seq 1 (a report whose predecessor has not
-- arrived yet is stored unlinked, and linked when it comes).
CREATE TABLE reports (
    site            text        NOT NULL,
    device          text        NOT NULL,
    seq             bigint      NOT NULL,
    hash            text        NOT NULL,
    prev_hash       text        NOT NULL,
    key_id          text        NOT NULL,
    payload         bytea       NOT NULL,
    period_start    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL,
    meter_id        text        NOT NULL,
    start_kwh       numeric     NOT NULL,
    end_kwh         numeric     NOT NULL,
    energy_kwh      numeric     NOT NULL,
    methodology     text        NOT NULL,  -- id/version of the primary methodology
    displaced       text        NOT NULL,  -- JSON object of the displaced fuel quantities, as reported
    co2_kg          numeric     NOT NULL,
    so2_kg          numeric,
    nox_kg          numeric,
    pm_kg           numeric,
    co2_project_kg  numeric     NOT NULL,
    co2_net_kg      numeric     NOT NULL,
    grid_region     text        NOT NULL,
    grid_year       integer     NOT NULL,
    grid_value      numeric     NOT NULL,
    received_at     timestamptz NOT NULL,
    linked          boolean     NOT NULL DEFAULT false,
    duplicates      integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (site, device, seq),
    FOREIGN KEY (site, device) REFERENCES devices (site, device)
);
CREATE INDEX reports_unlinked ON reports (site, device, seq) WHERE NOT linked;
CREATE INDEX reports_period ON reports (period_end);

-- Everything refused, with its bytes and the reason.
CREATE TABLE rejections (
    id           bigserial   PRIMARY KEY,
    topic        text        NOT NULL,
    site         text,
    device       text,
    seq          bigint,
    payload      bytea       NOT NULL,
    reason_kind  text        NOT NULL,
    reason       text        NOT NULL,
    received_at  timestamptz NOT NULL
);
CREATE INDEX rejections_device ON rejections (site, device, received_at);

-- Alarm messages of the devices (the alarm topic), each once.
CREATE TABLE device_alarms (
    site        text        NOT NULL,
    device      text        NOT NULL,
    code        text        NOT NULL,
    event       text        NOT NULL,
    at          text        NOT NULL,
    payload     text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (site, device, code, event, at)
);

-- The registry's own alarms: a fork or replay, a broken chain, a tail the device announced but did not send.
CREATE TABLE registry_alarms (
    id          bigserial   PRIMARY KEY,
    site        text        NOT NULL,
    device      text        NOT NULL,
    kind        text        NOT NULL,
    message     text        NOT NULL,
    raised_at   timestamptz NOT NULL,
    cleared_at  timestamptz,
    cleared_by  text
);
CREATE UNIQUE INDEX registry_alarms_open ON registry_alarms (site, device, kind) WHERE cleared_at IS NULL;

-- Bumped by every enrol and revoke, so running instances notice and reload their enrolments.
CREATE TABLE enrolment_version (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint  NOT NULL
);
INSERT INTO enrolment_version VALUES (1, 0);
