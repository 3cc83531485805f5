-- WRES indicators 1-4 and 9 by organisation, as one analyst would write them in DuckDB SQL.
--
-- The benchmark reference for `wres compute --by org` (see benchmarks/run.py): {workforce}, {recruitment}
-- and {board} are replaced by read_csv(...) / read_parquet(...) of the files written by
-- benchmarks/generate.py (canonical spellings). The last statement returns the tidy rows
-- (indicator, org, section, breakdown, grp, measure, numerator, denominator, value); org 'All' covers
-- every organisation. Ratios with a zero rate on either side are NULL (not calculable).

CREATE OR REPLACE MACRO yes(x) AS coalesce(lower(trim(CAST(x AS VARCHAR))) IN ('y', 'yes', 'true', '1'), false);

-- ESR codes: A, B, C* (and T, Gypsy or Irish Traveller) are White; Z / 99 / blank are Unknown; the rest BME.
CREATE OR REPLACE MACRO esr_group(x) AS CASE
    WHEN x IS NULL OR trim(x) = '' OR split_part(trim(x), ' ', 1) IN ('Z', '99') THEN 'Unknown'
    WHEN left(trim(x), 1) IN ('A', 'B', 'C', 'T') THEN 'White'
    ELSE 'BME' END;

-- Census-style labels (recruitment, board).
CREATE OR REPLACE MACRO census_group(x) AS CASE
    WHEN x IS NULL OR trim(x) IN ('', 'Prefer not to say', 'Not stated', 'Not known') THEN 'Unknown'
    WHEN starts_with(trim(x), 'White') THEN 'White'
    ELSE 'BME' END;

-- One pass over the workforce file: everything later reads this small table.
CREATE OR REPLACE TEMP TABLE wf AS
SELECT
    trim(Organisation) AS org,
    CAST("Year" AS INTEGER) AS year,
    esr_group("Ethnic Origin") AS grp,
    CASE
        WHEN "Staff Group" IN ('Administrative and Clerical', 'Estates and Ancillary') THEN 'Non-clinical'
        WHEN "Staff Group" = 'Medical and Dental' THEN 'Medical & dental'
        WHEN "Staff Group" IS NULL THEN NULL
        ELSE 'Clinical non-medical' END AS section,
    coalesce("Pay Band", 'Not recorded') AS band,
    CASE
        WHEN Grade IN ('Consultant', 'Clinical Director', 'Medical Director') THEN 'Consultants'
        WHEN Grade IN ('Specialty Doctor', 'Associate Specialist') THEN 'Non-consultant career grade'
        WHEN Grade IN ('Specialty Registrar', 'Core Trainee', 'Foundation Year 1', 'Foundation Year 2')
            THEN 'Trainee grades'
        WHEN Grade IS NULL THEN 'Not recorded'
        ELSE 'Other' END AS subgroup,
    coalesce(Grade IN ('Clinical Director', 'Medical Director'), false) AS senior,
    coalesce("Assignment Category" = 'Bank', false) AS bank,
    count(*) AS people,
    sum(yes(Disciplinary)::INTEGER) AS disciplinary,
    sum(yes("Non-mandatory training")::INTEGER) AS training
FROM {workforce}
GROUP BY ALL;

SET VARIABLE ry = (SELECT max(year) FROM wf);

CREATE OR REPLACE TEMP TABLE rec AS
SELECT trim(Organisation) AS org, census_group(Ethnicity) AS grp,
       count(*) AS people, sum(yes(Appointed)::INTEGER) AS appointed
FROM {recruitment}
WHERE CAST("Year" AS INTEGER) = getvariable('ry') AND yes(Shortlisted)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE brd AS
SELECT trim(Organisation) AS org, census_group(Ethnicity) AS grp,
       sum(yes(Voting)::INTEGER) AS voting, sum(yes(Executive)::INTEGER) AS executive
FROM {board}
WHERE CAST("Year" AS INTEGER) = getvariable('ry')
GROUP BY ALL;

-- Indicator 1 cells (reporting year, bank staff excluded), then the same for all organisations.
CREATE OR REPLACE TEMP TABLE cells AS
WITH cur AS (SELECT * FROM wf WHERE year = getvariable('ry') AND NOT bank),
by_org AS (
    SELECT org, section, band AS breakdown, grp, sum(people) AS n
    FROM cur WHERE section IN ('Non-clinical', 'Clinical non-medical') GROUP BY ALL
    UNION ALL
    SELECT org, section, subgroup, grp, sum(people) FROM cur WHERE section = 'Medical & dental' GROUP BY ALL
    UNION ALL
    SELECT org, section, 'of which senior medical managers', grp, sum(people)
    FROM cur WHERE section = 'Medical & dental' AND senior GROUP BY ALL
    UNION ALL
    SELECT org, section, 'Total', grp, sum(people) FROM cur WHERE section IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT org, 'Overall workforce', 'All staff', grp, sum(people) FROM cur GROUP BY ALL
)
SELECT * FROM by_org
UNION ALL
SELECT 'All', section, breakdown, grp, sum(n) FROM by_org GROUP BY ALL;

-- Events per group for indicators 2-4: (indicator, org, grp, people, events); bank staff excluded, as in 1.
CREATE OR REPLACE TEMP TABLE events AS
WITH by_org AS (
    SELECT '2' AS indicator, org, grp, people, appointed AS events FROM rec
    UNION ALL
    SELECT '3', org, grp, sum(people), sum(disciplinary) FROM wf
    WHERE year IN (getvariable('ry') - 1, getvariable('ry')) AND NOT bank GROUP BY ALL
    UNION ALL
    SELECT '4', org, grp, sum(people), sum(training) FROM wf WHERE year = getvariable('ry') AND NOT bank
    GROUP BY ALL
)
SELECT * FROM by_org
UNION ALL
SELECT indicator, 'All', grp, sum(people), sum(events) FROM by_org GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE board AS
WITH by_org AS (
    SELECT org, 'Voting board members' AS section, grp, sum(voting) AS n FROM brd GROUP BY ALL
    UNION ALL
    SELECT org, 'Executive board members', grp, sum(executive) FROM brd GROUP BY ALL
)
SELECT * FROM by_org
UNION ALL
SELECT 'All', section, grp, sum(n) FROM by_org GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE shares AS
SELECT '1' AS indicator, org, section, breakdown, grp, n AS numerator,
       sum(n) OVER (PARTITION BY org, section, breakdown) AS denominator
FROM cells
UNION ALL
SELECT '9', org, section, breakdown, grp, n, sum(n) OVER (PARTITION BY org)
FROM cells WHERE section = 'Overall workforce'
UNION ALL
SELECT '9', org, section, 'Board', grp, n, sum(n) OVER (PARTITION BY org, section) FROM board;

WITH
breakdowns(indicator, breakdown, top, bottom) AS (
    VALUES ('2', 'Appointed from shortlisting', 'White', 'BME'),
           ('3', 'Entered formal disciplinary process', 'BME', 'White'),
           ('4', 'Accessed non-mandatory training and CPD', 'White', 'BME')
),
rates AS (
    SELECT e.indicator, e.org, b.breakdown, e.grp, e.events, e.people, b.top, b.bottom,
           e.events / e.people AS rate
    FROM events e JOIN breakdowns b USING (indicator)
),
likelihood AS (
    SELECT t.indicator, t.org, '' AS section, t.breakdown, t.grp || ' ÷ ' || o.grp AS grp,
           'relative_likelihood' AS measure, NULL::BIGINT AS numerator, NULL::BIGINT AS denominator,
           CASE WHEN t.rate > 0 AND o.rate > 0 THEN t.rate / o.rate END AS value
    FROM rates t JOIN rates o ON t.indicator = o.indicator AND t.org = o.org AND o.grp = t.bottom
    WHERE t.grp = t.top
),
shares_bme AS (  -- % BME of each board section and of the workforce; 0 when nobody is BME
    SELECT org, section, 100.0 * coalesce(sum(n) FILTER (WHERE grp = 'BME'), 0) / sum(n) AS pct
    FROM (SELECT org, section, grp, n FROM board UNION ALL SELECT org, section, grp, n FROM cells
          WHERE section = 'Overall workforce')
    GROUP BY ALL HAVING sum(n) > 0
),
difference AS (
    SELECT '9' AS indicator, b.org, b.section, 'Board − workforce' AS breakdown, 'BME' AS grp,
           'difference_pp' AS measure, NULL::BIGINT AS numerator, NULL::BIGINT AS denominator,
           b.pct - w.pct AS value
    FROM shares_bme b JOIN shares_bme w ON w.org = b.org AND w.section = 'Overall workforce'
    WHERE b.section <> 'Overall workforce'
)
SELECT indicator, org, section, breakdown, grp, 'percent' AS measure, numerator, denominator,
       100.0 * numerator / denominator AS value
FROM shares WHERE denominator > 0
UNION ALL
SELECT indicator, org, '', breakdown, grp, 'percent', events, people, 100.0 * events / people
FROM rates WHERE people > 0
UNION ALL
SELECT * FROM likelihood
UNION ALL
SELECT * FROM difference
ORDER BY indicator, org, section, breakdown, grp, measure;
