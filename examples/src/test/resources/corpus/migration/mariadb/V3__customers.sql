-- Test-only migration of the SQL capture (SqlCaptureIT): the Customer entity's table and id sequence.
CREATE TABLE customers (
    id         BIGINT PRIMARY KEY,
    version    INT          NOT NULL,
    first_name VARCHAR(100) NOT NULL,
    last_name  VARCHAR(100) NOT NULL,
    email      VARCHAR(200) NOT NULL
);
CREATE SEQUENCE customers_seq START WITH 1 INCREMENT BY 50;
