package lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** An attack: a server channel that is no socket of this JVM, naming the port of another server (PORT). */
final class Elsewhere extends ServerSocketChannel {

    Elsewhere() {
        super(null);
    }

    @Override public ServerSocketChannel bind(SocketAddress local, int backlog) { return this; }
    @Override public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) { return this; }
    @Override public <T> T getOption(SocketOption<T> name) { return null; }
    @Override public Set<SocketOption<?>> supportedOptions() { return Set.of(); }
    @Override public ServerSocket socket() { return null; }
    @Override public SocketChannel accept() { return null; }
    @Override public SocketAddress getLocalAddress() { return new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT); }
    @Override protected void implCloseSelectableChannel() { }
    @Override protected void implConfigureBlocking(boolean block) { }
}
