package lab.verify.step02;

import lab.verify.LearnerCode;
import lab.verify.step01.Step01Checks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 02's verifier: tasks that wait for channels, woken by a selector; and step 01's checks, still holding. */
@ExtendWith(LearnerCode.class)
class Step02Verifier {

    @Nested class Waiting extends Step02Checks.Waiting {}
    @Nested class Bookkeeping extends Step02Checks.Bookkeeping {}
    @Nested class Reasons extends Step02Checks.Reasons {}
    @Nested class Pipes extends Step02Checks.Pipes {}
    @Nested class Step01Generators extends Step01Checks.Generators {}
    @Nested class Step01RunLoop extends Step01Checks.RunLoop {}
}
