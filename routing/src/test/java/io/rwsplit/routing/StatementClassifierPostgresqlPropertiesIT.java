package io.rwsplit.routing;

import io.rwsplit.fixtures.sql.MustPrimarySql;
import io.rwsplit.fixtures.sql.MustPrimarySql.Generated;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The PostgreSQL half of {@link StatementClassifierPropertiesIT} (same generator, rules and seed), in a class of
 * its own so that the fast tier runs the two dialects' 100,000 statements each in parallel test forks.
 */
class StatementClassifierPostgresqlPropertiesIT {

    @Provide
    Arbitrary<Generated> postgresStatements() {
        return MustPrimarySql.statements(MustPrimarySql.Dialect.POSTGRESQL, MustPrimarySql.Mode.UNIT);
    }

    @Property(tries = 100_000, seed = "20140014", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void postgresMustPrimaryStatementsAreNeverRead(@ForAll("postgresStatements") Generated g) {
        StatementClassifierPropertiesIT.assertNotRead("postgresql must-primary",
                StatementClassifierPropertiesIT.POSTGRESQL, g);
    }

    @Provide
    Arbitrary<StatementClassifierPropertiesIT.Mutant> postgresMutants() {
        return StatementClassifierPropertiesIT.mutants(MustPrimarySql.Dialect.POSTGRESQL);
    }

    @Property(tries = 5_000, seed = "20140014", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void postgresMutantsNeverThrowAndKeepTheirIntactPrefixOffReplicas(
            @ForAll("postgresMutants") StatementClassifierPropertiesIT.Mutant m) {
        StatementClassifierPropertiesIT.checkMutant("postgresql mutants", StatementClassifierPropertiesIT.POSTGRESQL,
                m);
    }

    @AfterContainer
    static void printSlowest() {
        StatementClassifierPropertiesIT.printSlowestSoFar();
    }
}
