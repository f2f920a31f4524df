package lab.hidden.step03;

import static lab.verify.step03.Step03Checks.TCP;

import lab.verify.Clients;
import lab.verify.LearnerCode;
import lab.verify.Sandbox;
import lab.verify.ServerChecks;
import lab.verify.ServerRun;
import lab.verify.step03.Step03Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A hidden check of step 03: a burst larger than the shipped check's 1100 clients. */
@DisplayName("hidden: a bigger burst")
@ExtendWith(LearnerCode.class)
public class BiggerBurst implements ServerChecks {

    @Override
    public ServerRun startServer(Sandbox sandbox) {
        return Step03Checks.server(sandbox, TCP);
    }

    @Test
    @DisplayName("accepts and serves 1500 clients that connect in one burst")
    public void burst(ServerRun server) {
        try (var clients = Clients.connect(server.port(), 1500, TCP)) {
            Step03Checks.exchangeAll(clients.list(), i -> "hidden burst " + (i + 1), "1500 connected in one burst", TCP,
                    "tcpServer must accept every waiting client (loop until accept() returns null) and spawn a handler for each");
        }
    }
}
