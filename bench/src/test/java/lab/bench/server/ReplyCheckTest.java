package lab.bench.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reply check")
class ReplyCheckTest {

    private static final String REQUEST = "hello, server";

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(ISO_8859_1));
    }

    private static ReplyCheck expecting(String request) {
        var check = new ReplyCheck();
        check.expect(bytes(request));
        return check;
    }

    @Test
    @DisplayName("takes GOT: + the request in one piece, and leaves what follows")
    void onePiece() throws Exception {
        var check = expecting(REQUEST);
        var in = bytes("GOT:" + REQUEST + "GOT:next");
        assertThat(check.take(in)).isTrue();
        assertThat(in.remaining()).isEqualTo("GOT:next".length());
    }

    @Test
    @DisplayName("takes the request in several pieces, each with its GOT:, fed a byte at a time")
    void pieces() throws Exception {
        var check = expecting(REQUEST);
        String reply = "GOT:hel" + "GOT:lo, " + "GOT:" + "GOT:server";
        for (int i = 0; i < reply.length(); i++) {
            boolean whole = check.take(bytes(reply.substring(i, i + 1)));
            assertThat(whole).as("whole after byte %d", i).isEqualTo(i == reply.length() - 1);
        }
    }

    @Test
    @DisplayName("refuses a wrong byte, and says which")
    void wrongByte() {
        var check = expecting(REQUEST);
        assertThatThrownBy(() -> check.take(bytes("GOT:hallo, server")))
                .isInstanceOf(ReplyCheck.ProtocolError.class).hasMessageContaining("byte 1 of 13 came back as 'a', sent 'e'");
    }

    @Test
    @DisplayName("refuses a reply without GOT:, or a short one cut by a piece that is not GOT:")
    void noPrefix() {
        assertThatThrownBy(() -> expecting(REQUEST).take(bytes(REQUEST)))
                .isInstanceOf(ReplyCheck.ProtocolError.class).hasMessageContaining("expected \"GOT:\"");
        assertThatThrownBy(() -> expecting(REQUEST).take(bytes("GOT:helloGOX:")))
                .isInstanceOf(ReplyCheck.ProtocolError.class).hasMessageContaining("byte 2 of a piece was 'X'");
    }

    @Test
    @DisplayName("once whole, takes nothing more until the next request: more bytes are an error")
    void afterWhole() throws Exception {
        var check = expecting(REQUEST);
        assertThat(check.take(bytes("GOT:" + REQUEST))).isTrue();
        assertThat(check.take(bytes(""))).isFalse();
        assertThatThrownBy(() -> check.take(bytes("GOT:")))
                .isInstanceOf(ReplyCheck.ProtocolError.class).hasMessageContaining("more bytes came after the whole reply");
    }

    @Test
    @DisplayName("is not whole before the last byte")
    void notYet() throws Exception {
        assertThat(expecting(REQUEST).take(bytes("GOT:hello, serve"))).isFalse();
        assertThat(expecting(REQUEST).take(bytes("GOT"))).isFalse();
    }

    @Test
    @DisplayName("makes requests of every byte value but G")
    void requestBytes() {
        byte[] request = ReplyCheck.requestBytes(100_000, 1);
        var seen = new HashSet<Byte>();
        for (byte b : request) seen.add(b);
        assertThat(seen).hasSize(255).doesNotContain((byte) 'G');
    }
}
