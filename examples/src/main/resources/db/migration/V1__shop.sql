CREATE TABLE products (
    id    BIGINT AUTO_INCREMENT PRIMARY KEY,
    name  VARCHAR(100)   NOT NULL UNIQUE,
    price DECIMAL(10, 2) NOT NULL
);

-- critical: always read on the primary (criticalTables=inventory,payments)
CREATE TABLE inventory (
    product_id BIGINT PRIMARY KEY REFERENCES products (id),
    quantity   INT NOT NULL CHECK (quantity >= 0)
);

-- critical
CREATE TABLE payments (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    product_id BIGINT         NOT NULL REFERENCES products (id),
    quantity   INT            NOT NULL,
    amount     DECIMAL(10, 2) NOT NULL,
    paid_at    TIMESTAMP      NOT NULL DEFAULT CURRENT_TIMESTAMP
);
