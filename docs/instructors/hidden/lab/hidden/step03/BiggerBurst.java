package lab.hidden.step03;

import static lab.verify.step03.Step03Checks.TCP;

import java.util.List;
import lab.verify.Client;
import lab.verify.LearnerCode;
import lab.verify.Sandbox;
import lab.verify.step03.Step03Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A hidden check of step 03: a burst larger than the shipped check's 1100 clients. */
@DisplayName("hidden: a bigger burst")
@ExtendWith(LearnerCode.class)
public class BiggerBurst {

    @Test
    @DisplayName("accepts and serves 1500 clients that connect in one burst")
    public void burst(Sandbox sandbox) {
        try (var server = Step03Checks.server(sandbox, TCP)) {
            server.check(() -> {
                List<Client> clients = Step03Checks.connect(server.port(), 1500, TCP);
                try {
                    Step03Checks.exchangeAll(clients, i -> "hidden burst " + (i + 1), "1500 connected in one burst", TCP,
                            "tcpServer must accept every waiting client (loop until accept() returns null) and spawn a handler for each");
                } finally {
                    clients.forEach(Client::close);
                }
            });
        }
    }
}
