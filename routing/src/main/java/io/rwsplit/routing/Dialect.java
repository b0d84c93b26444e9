package io.rwsplit.routing;

/** SQL dialect families rwsplit classifies. MariaDB and MySQL share {@link #MYSQL}. */
public enum Dialect {
    MYSQL,
    POSTGRESQL
}
