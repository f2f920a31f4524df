package lab.bench.server;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The lab's echo server on Netty 4.1 with one event-loop thread (accept and I/O), on the JDK's Selector like the lab's. */
public final class NettyServer {

    private NettyServer() {}

    /** Answers each read with {@code GOT:} + the bytes it returned; flushes once per batch of reads, as Netty's echo example does. */
    @Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {

        private static final ByteBuf GOT = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(4).writeBytes("GOT:".getBytes(US_ASCII)).asReadOnly());

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(GOT.duplicate());
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the client reset the connection: close it, the server goes on
        }
    }

    /** Step 1 makes one event loop, step 2 binds 127.0.0.1 on the port given as the first argument, step 3 serves until stopped. */
    public static void main(String[] args) throws InterruptedException {
        // 1. one thread for everything, like the lab's scheduler (Netty's defaults: TCP_NODELAY on, pooled direct buffers)
        var loop = new NioEventLoopGroup(1);
        try {
            // 2. listen on loopback, with the lab's listen queue
            var channel = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new EchoHandler())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]))).sync().channel();
            System.out.println("Listening on " + channel.localAddress());
            // 3. serve until the bench stops this JVM
            channel.closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }
}
