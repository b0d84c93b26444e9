-- rwsplit framework SQL corpus, MYSQL dialect (MariaDB / MySQL). Why it exists: issue 14 requires that the SQL
-- Hibernate, Spring Data JPA, Spring JDBC, Flyway, Liquibase and jOOQ-style code send for common operations
-- classifies with zero UNKNOWN_SQL, and each with the right verdict (FrameworkSqlCorpusTest checks it, without a
-- database).
--
-- Format: each entry starts with a directive line
--   -- @expect read|primary [label]
-- read:    must classify as Reason.READ (may run on a replica);
-- primary: must classify as a primary reason other than UNKNOWN_SQL (a write, DDL, locking read, sequence or lock
--          function, session statement, ...);
-- label:   free text, where the statement comes from.
-- The statement is every following line up to the next "-- @expect" line, verbatim (multi-line statements and
-- their comments included), without leading and trailing blank lines. "-- @note ..." lines are comments anywhere;
-- everything above the first "-- @expect" is this header. No other line may start with "-- @".
--
-- How it was captured: io.rwsplit.examples.corpus.SqlCaptureIT (examples module, test scope) runs the shop
-- example and a test-only Customer entity/repository on the embedded MariaDB 11.4 topology, through an
-- RwSplitDataSource wrapped by a JDBC proxy (SqlRecorder) that records every SQL text handed to JDBC, i.e. exactly
-- what rwsplit classifies:
--   mvn -B -ntp -pl examples -am verify -Dit.test=SqlCaptureIT -Dfailsafe.failIfNoSpecifiedTests=false \
--       -Drwsplit.captureSql=true
-- (output: examples/target/sql-capture/frameworks-mysql.sql). Versions: Spring Boot 3.4.4, Hibernate ORM 6.6.11
-- (MariaDBDialect), Spring Data JPA 3.4.4, Spring JDBC 6.2.5, Flyway 10.20.1 (flyway-mysql), Liquibase 4.29.2,
-- MariaDB Connector/J under rwsplit. Then deduplicated by hand: one entry per statement shape (texts differing
-- only in literals count once; a few IN-list lengths are kept), the same shape on another table dropped, and the
-- host name in Liquibase's LOCKEDBY literal replaced. Hibernate 7 was not captured (Spring Boot
-- 3.4 ships Hibernate 6.6); rerun the capture after an upgrade. The jOOQ-style entries at the end are
-- written by hand from jOOQ 3.19's MySQL/MariaDB rendering (jOOQ is not a dependency).

-- @note ===== Liquibase 4.29.2: changelog lock, history table, one changeSet; a second update (already up to date)
-- @expect primary liquibase
CREATE TABLE sql_capture.DATABASECHANGELOG (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL, `DESCRIPTION` VARCHAR(255) NULL, COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL, LIQUIBASE VARCHAR(20) NULL, CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) NULL)

-- @expect read liquibase
SELECT COUNT(*) FROM sql_capture.DATABASECHANGELOG

-- @expect read liquibase
SELECT * FROM sql_capture.DATABASECHANGELOG ORDER BY DATEEXECUTED ASC, ORDEREXECUTED ASC

-- @expect read liquibase
SELECT COUNT(*) FROM sql_capture.DATABASECHANGELOGLOCK

-- @expect primary liquibase
CREATE TABLE sql_capture.DATABASECHANGELOGLOCK (ID INT NOT NULL, `LOCKED` TINYINT(1) NOT NULL, LOCKGRANTED datetime NULL, LOCKEDBY VARCHAR(255) NULL, CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID))

-- @expect primary liquibase
DELETE FROM sql_capture.DATABASECHANGELOGLOCK

-- @expect primary liquibase
INSERT INTO sql_capture.DATABASECHANGELOGLOCK (ID, `LOCKED`) VALUES (1, 0)

-- @expect read liquibase
SELECT `LOCKED` FROM sql_capture.DATABASECHANGELOGLOCK WHERE ID=1

-- @expect primary liquibase
UPDATE sql_capture.DATABASECHANGELOGLOCK SET `LOCKED` = 1, LOCKEDBY = 'app-host (10.0.0.5)', LOCKGRANTED = NOW() WHERE ID = 1 AND `LOCKED` = 0

-- @expect primary liquibase
CREATE TABLE sql_capture.audit_log (id BIGINT AUTO_INCREMENT NOT NULL, message VARCHAR(200) NOT NULL, CONSTRAINT PK_AUDIT_LOG PRIMARY KEY (id))

-- @expect primary liquibase
INSERT INTO sql_capture.audit_log (message) VALUES ('created by Liquibase')

-- @expect read liquibase
SELECT MAX(ORDEREXECUTED) FROM sql_capture.DATABASECHANGELOG

-- @expect primary liquibase
INSERT INTO sql_capture.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, `DESCRIPTION`, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('1', 'rwsplit', 'corpus/liquibase/changelog.xml', NOW(), 1, '9:fb2c9f28f2e1b899d78a56f79d58e4b9', 'createTable tableName=audit_log; insert tableName=audit_log', '', 'EXECUTED', NULL, NULL, '4.29.2', '6410061722')

-- @expect primary liquibase
UPDATE sql_capture.DATABASECHANGELOGLOCK SET `LOCKED` = 0, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1

-- @expect read liquibase
SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?

-- @expect read liquibase
SELECT EXTRA FROM INFORMATION_SCHEMA.COLUMNS
WHERE TABLE_SCHEMA = ?
AND TABLE_NAME = ?
AND COLUMN_NAME = ?

-- @expect read liquibase
SELECT MD5SUM FROM sql_capture.DATABASECHANGELOG WHERE MD5SUM IS NOT NULL AND MD5SUM NOT LIKE '9:%'

-- @note ===== Flyway 10.20.1: connection checks, lock, schema history (baseline, migrate, second migrate and validate)
-- @expect read flyway
SELECT @@GLOBAL.WSREP_ON

-- @expect read flyway
SELECT event_name FROM information_schema.events LIMIT 1

-- @expect read flyway
SELECT DATABASE()

-- @expect read flyway
SELECT version()

-- @expect read flyway
SELECT variable_name FROM information_schema.user_variables WHERE variable_value IS NOT NULL

-- @expect read flyway
SELECT @@foreign_key_checks

-- @expect read flyway
SELECT @@sql_safe_updates

-- @expect read flyway
SHOW DATABASES LIKE 'RDSAdmin';

-- @expect read flyway
SELECT SUBSTRING_INDEX(USER(),'@',1)

-- @expect read flyway
SELECT COUNT(1) FROM information_schema.schemata WHERE schema_name=? LIMIT 1

-- @expect primary flyway
SET foreign_key_checks=?, sql_safe_updates=?

-- @expect read flyway
SELECT SUM(found) FROM ((SELECT 1 as found FROM information_schema.tables WHERE table_schema=?) UNION ALL (SELECT 1 as found FROM information_schema.views WHERE table_schema=? LIMIT 1) UNION ALL (SELECT 1 as found FROM information_schema.table_constraints WHERE table_schema=? LIMIT 1) UNION ALL (SELECT 1 as found FROM information_schema.triggers WHERE event_object_schema=?  LIMIT 1) UNION ALL (SELECT 1 as found FROM information_schema.routines WHERE routine_schema=? LIMIT 1) UNION ALL (SELECT 1 as found FROM information_schema.events WHERE event_schema=? LIMIT 1)) as all_found

-- @expect primary flyway
SELECT GET_LOCK(?,10)

-- @expect primary flyway
CREATE TABLE `sql_capture`.`flyway_schema_history` (
    `installed_rank` INT NOT NULL,
    `version` VARCHAR(50),
    `description` VARCHAR(200) NOT NULL,
    `type` VARCHAR(20) NOT NULL,
    `script` VARCHAR(1000) NOT NULL,
    `checksum` INT,
    `installed_by` VARCHAR(100) NOT NULL,
    `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `execution_time` INT NOT NULL,
    `success` BOOL NOT NULL,
    CONSTRAINT  PRIMARY KEY (`installed_rank`)
) ENGINE=InnoDB AS SELECT     1 as "installed_rank",     '0' as "version",     '<< Flyway Baseline >>' as "description",     'BASELINE' as "type",     '<< Flyway Baseline >>' as "script",     NULL as "checksum",     'app' as "installed_by",     CURRENT_TIMESTAMP as "installed_on",     0 as "execution_time",     TRUE as "success"

-- @expect primary flyway
CREATE INDEX `flyway_schema_history_s_idx` ON `sql_capture`.`flyway_schema_history` (`success`)

-- @expect primary flyway
SELECT RELEASE_LOCK('Flyway--1314868348')

-- @expect read flyway
SELECT `installed_rank`,`version`,`description`,`type`,`script`,`checksum`,`installed_on`,`installed_by`,`execution_time`,`success` FROM `sql_capture`.`flyway_schema_history` WHERE `installed_rank` > ? ORDER BY `installed_rank`

-- @expect primary flyway
SELECT * FROM `sql_capture`.`flyway_schema_history` FOR UPDATE

-- @expect primary flyway
INSERT INTO `sql_capture`.`flyway_schema_history` (`installed_rank`, `version`, `description`, `type`, `script`, `checksum`, `installed_by`, `execution_time`, `success`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)

-- @note ===== Migration scripts as Flyway sends them (comments included)
-- @expect primary flyway: migration script
CREATE TABLE products (
    id    BIGINT AUTO_INCREMENT PRIMARY KEY,
    name  VARCHAR(100)   NOT NULL UNIQUE,
    price DECIMAL(10, 2) NOT NULL
)

-- @expect primary flyway: migration script
-- critical: always read on the primary (criticalTables=inventory,payments)
CREATE TABLE inventory (
    product_id BIGINT PRIMARY KEY REFERENCES products (id),
    quantity   INT NOT NULL CHECK (quantity >= 0)
)

-- @expect primary flyway: migration script
INSERT INTO products (name, price) VALUES ('apple', 0.50), ('bread', 2.20), ('cheese', 7.00)

-- @expect primary flyway: migration script
INSERT INTO inventory (product_id, quantity) SELECT id, 100 FROM products

-- @expect primary flyway: migration script
CREATE SEQUENCE customers_seq START WITH 1 INCREMENT BY 50

-- @note ===== Hibernate 6.6 at start (sequence metadata)
-- @expect read hibernate: bootstrap
select table_name from information_schema.TABLES where table_schema=database() and table_type='SEQUENCE'

-- @expect read hibernate: bootstrap
SELECT 'customers_seq' as sequence_name, minimum_value, maximum_value, start_value, increment, cache_size FROM customers_seq

-- @note ===== Hibernate 6.6 / Spring Data JPA 3.4: repositories, derived queries, paging, JPQL, locks, versioned writes, batches
-- @expect read hibernate
select p1_0.id,p1_0.name,p1_0.price from products p1_0 order by p1_0.name

-- @expect read hibernate
select p1_0.id,p1_0.name,p1_0.price from products p1_0 where p1_0.id=?

-- @expect primary hibernate
update products set name=?,price=? where id=?

-- @expect primary hibernate
insert into products (name,price) values (?,?)

-- @expect read hibernate
select p1_0.id,p1_0.name,p1_0.price from products p1_0 order by p1_0.price desc limit ?,?

-- @expect primary hibernate
delete from products where id=?

-- @expect primary hibernate
select next value for customers_seq

-- @expect primary hibernate
insert into customers (email,first_name,last_name,version,id) values (?,?,?,?,?)

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.id=?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.id in (?,?)

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.id in (?,?,?,?,?)

-- @note Hibernate's MariaDBDialect appends escape '\\' to every Spring Data like (a one-backslash string in MySQL syntax).
-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name like ? escape '\\' order by c1_0.last_name limit ?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name like ? escape '\\' limit ?,?

-- @expect read hibernate
select count(c1_0.id) from customers c1_0 where c1_0.last_name like ? escape '\\'

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where upper(c1_0.last_name) like upper(?) escape '\\' order by c1_0.email desc

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.email like ? escape '\\'

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name like ? escape '\\'

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.first_name not like ? escape '\\' limit ?

-- @expect read hibernate
select c1_0.id from customers c1_0 where c1_0.email=? limit ?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name in (?,?,?)

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 order by c1_0.last_name desc limit ?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name=? order by c1_0.id limit ?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where lower(c1_0.email) like replace(lower(concat('%',?)),'\\','\\\\') order by c1_0.last_name

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name=? limit ?,?

-- @expect read hibernate
select count(c1_0.id) from customers c1_0 where c1_0.last_name=?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 order by c1_0.id limit ?,?

-- @expect read hibernate
select count(c1_0.id) from customers c1_0

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 order by c1_0.last_name,c1_0.first_name

-- @expect read hibernate
select count(*) from customers c1_0

-- @expect read hibernate
select count(*) from customers c1_0 where c1_0.id=?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name like ? escape '\\' limit ?

-- @expect primary hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.id=? for update

-- @expect primary hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.id=? lock in share mode

-- @expect primary hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name=? for update nowait

-- @expect primary hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.first_name=? order by c1_0.id limit ? for update skip locked

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.email=?

-- @expect primary hibernate
update customers set version=? where id=? and version=?

-- @expect primary hibernate
update customers c1_0 set email=?,version=(c1_0.version+1) where c1_0.id=?

-- @expect primary hibernate
update customers set email=?,first_name=?,last_name=?,version=? where id=? and version=?

-- @expect read hibernate
select c1_0.id,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.version from customers c1_0 where c1_0.last_name in (?,?)

-- @expect primary hibernate
delete from customers where id=? and version=?

-- @expect primary hibernate
delete c1_0 from customers c1_0 where c1_0.id=? or c1_0.id=?

-- @expect primary hibernate
delete c1_0 from customers c1_0 where c1_0.id in (?)

-- @note ===== Spring Data JPA native @Query
-- @expect read spring-data: native @Query
SELECT * FROM customers WHERE last_name = ? ORDER BY id

-- @expect read spring-data: native @Query
SELECT COUNT(*) FROM customers WHERE email LIKE CONCAT('%', ?)

-- @note ===== Spring JDBC 6.2: the shop's JdbcTemplate repositories
-- @expect read spring-jdbc: JdbcTemplate (shop)
SELECT quantity FROM inventory WHERE product_id = ?

-- @expect read spring-jdbc: JdbcTemplate (shop)
SELECT COALESCE(SUM(amount), 0) FROM payments WHERE product_id = ?

-- @expect primary spring-jdbc: JdbcTemplate (shop)
UPDATE inventory SET quantity = quantity - ? WHERE product_id = ? AND quantity >= ?

-- @expect primary spring-jdbc: JdbcTemplate (shop)
INSERT INTO payments (product_id, quantity, amount) VALUES (?, ?, ?)

-- @expect primary spring-jdbc: JdbcTemplate (shop)
INSERT INTO inventory (product_id, quantity) VALUES (?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)

-- @note ===== Spring JDBC 6.2: JdbcTemplate, NamedParameterJdbcTemplate (IN lists expanded), JdbcClient
-- @expect read spring-jdbc
SELECT id, email FROM customers WHERE last_name = ? ORDER BY id LIMIT 10

-- @expect read spring-jdbc
SELECT c.id, c.email FROM customers c JOIN customers d ON d.id = c.id WHERE c.id > ?

-- @expect primary spring-jdbc
UPDATE customers SET email = ? WHERE id = ?

-- @expect primary spring-jdbc
INSERT INTO products (name, price) VALUES (?, ?)

-- @expect primary spring-jdbc
DELETE FROM products WHERE name IN ('pepper', 'sugar')

-- @expect read spring-jdbc
SELECT id FROM customers WHERE last_name IN (?, ?)

-- @expect read spring-jdbc
SELECT id FROM customers WHERE last_name IN (?, ?, ?, ?)

-- @expect read spring-jdbc
SELECT COUNT(*) FROM customers WHERE email LIKE ? AND version >= ?

-- @expect primary spring-jdbc
UPDATE customers SET version = version + 1 WHERE last_name = ?

-- @expect read spring-jdbc
SELECT name FROM products WHERE price BETWEEN ? AND ? ORDER BY name

-- @expect primary spring-jdbc
SELECT id FROM products WHERE name = ? FOR UPDATE

-- @expect primary spring-jdbc
INSERT INTO inventory (product_id, quantity) SELECT id, 1 FROM products WHERE name = ? ON DUPLICATE KEY UPDATE quantity = quantity + 1

-- @note ===== Spring JDBC 6.2: SimpleJdbcInsert
-- @expect primary spring-jdbc: SimpleJdbcInsert
INSERT INTO products (name, price) VALUES(?, ?)

-- @note ===== jOOQ-style SQL, written by hand from jOOQ 3.19's MARIADB / MYSQL rendering: quoted, schema-qualified
-- @note names, lower-case keywords, bind values as ?

-- @expect read jooq: select, order by, limit/offset
select `shop`.`customers`.`id`, `shop`.`customers`.`email` from `shop`.`customers` where `shop`.`customers`.`last_name` = ? order by `shop`.`customers`.`id` limit ? offset ?

-- @expect read jooq: count with exists
select count(*) from `shop`.`customers` where exists (select 1 as `one` from `shop`.`orders` where `shop`.`orders`.`customer_id` = `shop`.`customers`.`id`)

-- @expect read jooq: fetchExists
select exists (select 1 as `one` from `shop`.`customers` where `shop`.`customers`.`email` = ?) as `alias_1`

-- @expect read jooq: contains() with escape '!'
select `shop`.`customers`.`id` from `shop`.`customers` where `shop`.`customers`.`email` like concat('%', replace(replace(replace(?, '!', '!!'), '%', '!%'), '_', '!_'), '%') escape '!'

-- @expect read jooq: casts
select cast(? as char) as `v`, cast(? as signed) as `n`, cast(? as decimal(10, 2)) as `d`

-- @expect read jooq: row value IN
select `shop`.`customers`.`id` from `shop`.`customers` where (`shop`.`customers`.`first_name`, `shop`.`customers`.`last_name`) in ((?, ?), (?, ?))

-- @expect read jooq: IN list of 3
select `shop`.`customers`.`id`, `shop`.`customers`.`version` from `shop`.`customers` where `shop`.`customers`.`id` in (?, ?, ?)

-- @expect read jooq: union all
(select `shop`.`customers`.`email` from `shop`.`customers`) union all (select `shop`.`suppliers`.`email` from `shop`.`suppliers`) order by 1 limit ?

-- @expect read jooq: common table expression
with `t`(`customer_id`, `total`) as (select `shop`.`orders`.`customer_id`, sum(`shop`.`orders`.`amount`) from `shop`.`orders` group by `shop`.`orders`.`customer_id`) select `t`.`customer_id`, `t`.`total` from `t` where `t`.`total` > ?

-- @expect read jooq: derived table
select `alias_1`.`c` from (select count(*) as `c` from `shop`.`customers`) as `alias_1`

-- @expect read jooq: window function, case, coalesce
select `shop`.`customers`.`id`, row_number() over (partition by `shop`.`customers`.`last_name` order by `shop`.`customers`.`id` desc) as `rn`, case when `shop`.`customers`.`version` > ? then 'changed' else 'new' end as `state`, coalesce(`shop`.`customers`.`email`, ?) as `email` from `shop`.`customers`

-- @note Not jOOQ's rendering (jOOQ uses limit/offset on MariaDB and MySQL): MariaDB 10.6+ syntax that users write by hand.
-- @expect read MariaDB 10.6+ offset/fetch syntax (hand-written)
select `shop`.`customers`.`id` from `shop`.`customers` order by `shop`.`customers`.`id` offset ? rows fetch next ? rows only

-- @expect primary jooq: insert
insert into `shop`.`customers` (`email`, `first_name`, `last_name`, `version`) values (?, ?, ?, ?)

-- @expect primary jooq: onDuplicateKeyUpdate
insert into `shop`.`customers` (`id`, `email`) values (?, ?) on duplicate key update `shop`.`customers`.`email` = ?

-- @expect primary jooq: onDuplicateKeyIgnore
insert ignore into `shop`.`customers` (`id`, `email`) values (?, ?)

-- @expect primary jooq: update
update `shop`.`customers` set `shop`.`customers`.`email` = ?, `shop`.`customers`.`version` = (`shop`.`customers`.`version` + ?) where `shop`.`customers`.`id` in (?, ?)

-- @expect primary jooq: delete
delete from `shop`.`customers` where `shop`.`customers`.`id` = ?

-- @expect primary jooq: forUpdate
select `shop`.`customers`.`id` from `shop`.`customers` where `shop`.`customers`.`id` = ? for update

-- @expect primary jooq: forShare (MySQL 8)
select `shop`.`customers`.`id` from `shop`.`customers` where `shop`.`customers`.`id` = ? for share

-- @expect primary jooq: forUpdate().skipLocked()
select `shop`.`customers`.`id` from `shop`.`customers` order by `shop`.`customers`.`id` limit ? for update skip locked

-- @expect primary jooq: nextval (MariaDB sequence)
select nextval(`shop`.`customers_seq`)

-- @expect primary jooq: lastID()
select last_insert_id()
