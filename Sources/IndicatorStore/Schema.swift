import GRDB

/// The store's schema, as versioned migrations. Add a new `registerMigration` for every change;
/// never edit a shipped one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        registerBaseMigration(&migrator)
        registerDerivedIndexMigration(&migrator)
        registerLaterMigrations(&migrator)
        return migrator
    }

    /// v1: areas, indicators, observations with revisions, import batches. Long because it is the
    /// schema's one SQL script as shipped, never edited (a change is a new migration), and reads best whole.
    static func registerBaseMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1: areas, indicators, observations with revisions, import batches") { db in
            try db.execute(sql: """
                CREATE TABLE area (
                    code            TEXT PRIMARY KEY NOT NULL CHECK (length(code) > 0 AND code = trim(code)),
                    name            TEXT NOT NULL CHECK (length(name) > 0),
                    level           TEXT NOT NULL CHECK (level IN ('city', 'district', 'subdistrict')),
                    parent_code     TEXT REFERENCES area(code) ON UPDATE CASCADE ON DELETE RESTRICT,
                    population      INTEGER CHECK (population IS NULL OR population >= 0),
                    population_date TEXT CHECK (population_date IS NULL OR population_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    geometry        TEXT CHECK (geometry IS NULL OR json_valid(geometry)),
                    CHECK (parent_code IS NULL OR parent_code <> code),
                    CHECK (level <> 'city' OR parent_code IS NULL),
                    CHECK (level <> 'subdistrict' OR parent_code IS NOT NULL)
                ) STRICT;
                CREATE INDEX area_level ON area(level, code);
                CREATE INDEX area_parent ON area(parent_code);

                CREATE TABLE indicator (
                    code           TEXT PRIMARY KEY NOT NULL CHECK (length(code) > 0 AND code = trim(code)),
                    name           TEXT NOT NULL CHECK (length(name) > 0),
                    short_label    TEXT NOT NULL CHECK (length(short_label) > 0),
                    domain         TEXT NOT NULL CHECK (domain IN ('demography', 'education', 'income_poverty', 'labour',
                                                                   'health', 'digital_participation', 'social_services')),
                    unit           TEXT NOT NULL CHECK (unit IN ('percent', 'count', 'per_1000', 'euro', 'years', 'index')),
                    decimals       INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 6),
                    polarity       TEXT NOT NULL CHECK (polarity IN ('higher_is_better', 'higher_is_worse', 'neutral')),
                    granularity    TEXT NOT NULL CHECK (granularity IN ('month', 'quarter', 'year')),
                    numerator      TEXT NOT NULL,
                    denominator    TEXT NOT NULL,
                    reference_date TEXT NOT NULL,
                    source         TEXT NOT NULL CHECK (length(source) > 0),
                    licence        TEXT NOT NULL CHECK (length(licence) > 0),
                    synthetic      INTEGER NOT NULL CHECK (synthetic IN (0, 1))
                ) STRICT;
                CREATE INDEX indicator_domain ON indicator(domain, code);

                CREATE TABLE import_batch (
                    id             INTEGER PRIMARY KEY AUTOINCREMENT,
                    file_name      TEXT NOT NULL CHECK (length(file_name) > 0),
                    sha256         TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
                    imported_at    TEXT NOT NULL,
                    rows_read      INTEGER NOT NULL CHECK (rows_read >= 0),
                    rows_inserted  INTEGER NOT NULL CHECK (rows_inserted >= 0),
                    rows_revised   INTEGER NOT NULL CHECK (rows_revised >= 0),
                    rows_unchanged INTEGER NOT NULL CHECK (rows_unchanged >= 0)
                ) STRICT;

                -- Every revision of an observation is a row; exactly one per key is current (is_current = 1).
                -- Suppressed and missing cells never hold a value, numerator or denominator.
                CREATE TABLE observation (
                    id             INTEGER PRIMARY KEY,
                    indicator_code TEXT NOT NULL REFERENCES indicator(code) ON UPDATE CASCADE ON DELETE CASCADE,
                    area_code      TEXT NOT NULL REFERENCES area(code) ON UPDATE CASCADE ON DELETE CASCADE,
                    period         TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]'
                                                        OR period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                                                        OR period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
                    revision       INTEGER NOT NULL CHECK (revision >= 1),
                    is_current     INTEGER NOT NULL CHECK (is_current IN (0, 1)),
                    value          REAL,
                    numerator      REAL CHECK (numerator IS NULL OR numerator >= 0),
                    denominator    REAL CHECK (denominator IS NULL OR denominator > 0),
                    status         TEXT NOT NULL CHECK (status IN ('final', 'provisional', 'suppressed', 'missing')),
                    note           TEXT,
                    batch_id       INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE RESTRICT,
                    CHECK (status IN ('final', 'provisional') OR (value IS NULL AND numerator IS NULL AND denominator IS NULL)),
                    CHECK (status NOT IN ('final', 'provisional') OR value IS NOT NULL),
                    UNIQUE (indicator_code, area_code, period, revision)
                ) STRICT;
                CREATE UNIQUE INDEX observation_current_key
                    ON observation(indicator_code, area_code, period) WHERE is_current = 1;
                CREATE INDEX observation_cross_section
                    ON observation(indicator_code, period, area_code) WHERE is_current = 1;
                CREATE INDEX observation_batch ON observation(batch_id);

                -- The period must be written in the indicator's granularity (a CHECK cannot look at another table).
                CREATE TRIGGER observation_granularity BEFORE INSERT ON observation
                WHEN (SELECT CASE granularity
                                WHEN 'month' THEN NEW.period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                                WHEN 'quarter' THEN NEW.period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'
                                ELSE NEW.period GLOB '[0-9][0-9][0-9][0-9]' END
                      FROM indicator WHERE code = NEW.indicator_code) = 0
                BEGIN
                    SELECT RAISE(ABORT, 'period does not match the indicator granularity');
                END;
                """)
        }
    }

    /// v3 and v4: columns readers can do without.
    static func registerLaterMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(englishLabelsIdentifier) { db in
            // Optional English names for English briefings; German ones stay the reference.
            try db.execute(sql: """
                ALTER TABLE indicator ADD COLUMN name_en TEXT CHECK (name_en IS NULL OR length(name_en) > 0);
                ALTER TABLE indicator ADD COLUMN short_label_en TEXT CHECK (short_label_en IS NULL OR length(short_label_en) > 0);
                ALTER TABLE indicator ADD COLUMN numerator_en TEXT;
                ALTER TABLE indicator ADD COLUMN denominator_en TEXT;
                ALTER TABLE indicator ADD COLUMN reference_date_en TEXT;
                """)
        }
        migrator.registerMigration(comparisonIdentifier) { db in
            // English source and licence names, and an indicator's own rule for the comparison words.
            try db.execute(sql: """
                ALTER TABLE indicator ADD COLUMN source_en TEXT CHECK (source_en IS NULL OR length(source_en) > 0);
                ALTER TABLE indicator ADD COLUMN licence_en TEXT CHECK (licence_en IS NULL OR length(licence_en) > 0);
                ALTER TABLE indicator ADD COLUMN comparison TEXT
                    CHECK (comparison IS NULL OR comparison IN ('points', 'relative', 'share', 'none'));
                ALTER TABLE indicator ADD COLUMN comparison_about REAL CHECK (comparison_about IS NULL OR comparison_about >= 0);
                ALTER TABLE indicator ADD COLUMN comparison_clear REAL CHECK (comparison_clear IS NULL OR comparison_clear >= 0);
                """)
        }
    }

    static let comparisonIdentifier = "v4: English sources and licences, per-indicator comparison rules"
    static let englishLabelsIdentifier = "v3: English indicator names, short labels and definitions"

    /// The newest migration a store must have to be read by this version. Later ones only add what
    /// readers can do without (a v2 store reads with German indicator names everywhere), so an
    /// unattended run keeps working until the next import upgrades the store.
    static let identifier = derivedIndexIdentifier
}
