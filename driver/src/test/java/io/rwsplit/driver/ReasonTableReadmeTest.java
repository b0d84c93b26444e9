package io.rwsplit.driver;

import io.rwsplit.routing.Reason;
import io.rwsplit.routing.Target;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's table of reason codes and {@link Reason} say the same: the same codes, in order, with their targets. */
class ReasonTableReadmeTest {

    @Test
    void theReadmeListsEveryReasonWithItsTarget() throws IOException {
        List<String> readme = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (line.startsWith("| reason | target | why |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                readme.add(cells[1].trim().replace("`", "") + " " + cells[2].trim());
            }
        }
        List<String> code = Arrays.stream(Reason.values())
                .map(r -> r.code() + " " + (r.target() == Target.PRIMARY ? "primary" : "replica")).toList();
        assertEquals(code, readme, "the README's reason table and Reason");
    }
}
