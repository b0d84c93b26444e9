-- Test-only: a copy of the shop's V2 (portable SQL) for the SQL capture (SqlCaptureIT) on PostgreSQL.
INSERT INTO products (name, price) VALUES ('apple', 0.50), ('bread', 2.20), ('cheese', 7.00);
INSERT INTO inventory (product_id, quantity) SELECT id, 100 FROM products;
