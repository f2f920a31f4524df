package lab.verify.step06;

import lab.verify.LearnerCode;
import lab.verify.step01.Step01Checks;
import lab.verify.step02.Step02Checks;
import lab.verify.step03.Step03Checks;
import lab.verify.step04.Step04Checks;
import lab.verify.step05.Step05Checks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 06's verifier: sleepers, waits with a timeout and idle clients; the network proofs of steps 03 to 05; and,
 * since the scheduler is the learner's again, the scheduler checks of steps 01 to 03. Not carried: the checks of
 * the tasks that step 06 hands out complete (countdown, countup, the pipe tasks, GenSocket's accept and send).
 */
@ExtendWith(LearnerCode.class)
class Step06Verifier {

    @Nested class Sleepers extends Step06Checks.Sleepers {}
    @Nested class Timeouts extends Step06Checks.Timeouts {}
    @Nested class IdleClients extends Step06Checks.IdleClients {}
    @Nested class NoYieldInHandlers extends Step05Checks.NoYieldInHandlers {}
    @Nested class Echo extends Step03Checks.Echo {}
    @Nested class Failures extends Step03Checks.Failures {}
    @Nested class FailingTasks extends Step03Checks.FailingTasks {}
    @Nested class Burst extends Step03Checks.Burst {}
    @Nested class SendWait extends Step04Checks.SendWait {}
    @Nested class BackPressure extends Step04Checks.BackPressure {}
    @Nested class OutOfDescriptors extends Step04Checks.OutOfDescriptors {}
    @Nested class NeverPauses extends Step05Checks.NeverPauses {}
    @Nested class Step02Waiting extends Step02Checks.Waiting {}
    @Nested class Step02Bookkeeping extends Step02Checks.Bookkeeping {}
    @Nested class Step02Reasons extends Step02Checks.Reasons {}
    @Nested class Step01RunLoop extends Step01Checks.RunLoop {}
}
