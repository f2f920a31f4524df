package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * What {@code watch} relies on for its speed: asked for two checks at once, the checker really runs two at once
 * (JUnit runs ordered methods on one thread unless the orderer says otherwise), and the report keeps the verifier's
 * order all the same.
 */
@DisplayName("Checks run at once when asked")
class ParallelChecksTest {

    @Test
    @DisplayName("step 01 with parallel 2: two checks overlap, and the report reads as with parallel 1")
    void twoAtOnce() throws Exception {
        Layout.Step step = IdeLaunchTest.LAYOUT.step(1);
        var selectors = List.of(DiscoverySelectors.selectPackage(step.verifierPackage()));
        try (var code = Checker.compile(step, step.solution().resolve("src/main/java"))) {
            AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
            Map<String, String> threads = new ConcurrentHashMap<>();
            var listener = new TestExecutionListener() {
                @Override
                public void executionStarted(TestIdentifier id) {
                    if (!id.isTest()) return;
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threads.put(id.getUniqueId(), Thread.currentThread().getName());
                }

                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    if (id.isTest()) running.decrementAndGet();
                }
            };
            Checker.Report two = Checker.verify(step, code, listener, selectors, true, 2);
            assertThat(two.allPassed()).as("the solution passes with two checks at once").isTrue();
            assertThat(most.get()).as("checks running at the same moment, at most").isEqualTo(2);
            assertThat(new java.util.HashSet<>(threads.values())).as("threads the checks ran on").hasSize(2);

            Checker.Report one = Checker.verify(step, code, new TestExecutionListener() {}, selectors, true, 1);
            assertThat(names(two)).as("the report's order").isEqualTo(names(one));
        }
    }

    private static List<List<String>> names(Checker.Report report) {
        List<List<String>> names = new ArrayList<>();
        report.results().forEach(r -> names.add(r.names()));
        return names;
    }
}
