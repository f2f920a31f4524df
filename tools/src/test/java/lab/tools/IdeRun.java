package lab.tools;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What an IDE's Test button does with a test class, in a JVM of its own started by {@link IdeTestButtonTest}: finds
 * it on the JUnit Platform ({@code list}) or runs it ({@code run}), with no configuration parameter set, and prints
 * one tab-separated line per check: {@code CHECK class names}, or {@code PASS|FAIL class names message}.
 */
final class IdeRun {

    private IdeRun() {}

    public static void main(String[] args) throws ClassNotFoundException {
        boolean run = args[0].equals("run");
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Class.forName(name))).build();
            var launcher = LauncherFactory.create();
            if (!run) {
                TestPlan plan = launcher.discover(request);
                for (TestIdentifier root : plan.getRoots()) {
                    for (TestIdentifier t : plan.getDescendants(root)) {
                        if (t.isTest()) System.out.println("CHECK\t" + name + "\t" + names(plan, t));
                    }
                }
                continue;
            }
            launcher.execute(request, new TestExecutionListener() {
                private TestPlan plan;

                @Override
                public void testPlanExecutionStarted(TestPlan testPlan) {
                    plan = testPlan;
                }

                @Override
                public void executionFinished(TestIdentifier t, TestExecutionResult result) {
                    if (!t.isTest()) return;
                    boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                    String message = result.getThrowable().map(Throwable::getMessage).orElse("");
                    System.out.println((passed ? "PASS\t" : "FAIL\t") + name + "\t" + names(plan, t) + "\t" + escape(message));
                }
            });
        }
        System.exit(0);
    }

    /** A check's display names from its test class down, as the IDE's tree shows them, joined by " › ". */
    static String names(TestPlan plan, TestIdentifier t) {
        List<String> names = new ArrayList<>();
        for (TestIdentifier x = t; x != null; x = plan.getParent(x).orElse(null)) {
            if (x.getParentId().isPresent()) names.addFirst(x.getDisplayName());
        }
        return String.join(" › ", names);
    }

    /** One line: backslashes, tabs and line ends escaped. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The text {@link #escape} escaped. */
    static String unescape(String s) {
        var out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            out.append(switch (n) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> n;
            });
        }
        return out.toString();
    }
}
