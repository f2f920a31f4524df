package lab.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Many loopback clients of one server, connected one right after the other, closed together. */
public record Clients(List<Client> list) implements AutoCloseable {

    /** How long each client gets to connect. */
    static final Duration CONNECT = Duration.ofSeconds(5);

    /** Connects {@code n} clients to 127.0.0.1:port; if one cannot connect, closes those that did and fails saying so. */
    public static Clients connect(int port, int n, BookSection section) {
        List<Client> clients = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) clients.add(Client.connect(port, CONNECT, section));
            return new Clients(List.copyOf(clients));
        } catch (RuntimeException | Error e) {
            clients.forEach(Client::close);
            throw e;
        }
    }

    @Override
    public void close() {
        list.forEach(Client::close);
    }
}
