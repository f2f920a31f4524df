package lab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import lab.bench.server.ServerBench.Config;
import lab.bench.server.ServerBench.Options;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The server bench's options")
class OptionsTest {

    private static List<Config> configs(String... args) {
        return Options.parse(args).configs();
    }

    @Test
    @DisplayName("without --conns or --big: every column, then the 1 MiB mode")
    void everything() {
        assertThat(configs()).containsExactly(new Config(1, 64), new Config(100, 64), new Config(1000, 64),
                new Config(10_000, 64), Config.BIG);
    }

    @Test
    @DisplayName("--conns alone: those columns; --big alone: the 1 MiB mode; both: both")
    void choices() {
        assertThat(configs("--conns", "100")).containsExactly(new Config(100, 64));
        assertThat(configs("--big")).containsExactly(Config.BIG);
        assertThat(configs("--conns", "1,10", "--big")).containsExactly(new Config(1, 64), new Config(10, 64), Config.BIG);
    }

    @Test
    @DisplayName("a bad value is one line that names the option, the value and what it takes")
    void bad() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--reps", "0"})).hasMessage("--reps takes a number from 1 to 20, got '0'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--conns", "1,x"})).hasMessage("--conns takes a number from 1 to 50000, got 'x'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--seconds"})).hasMessage("--seconds needs a value");
        assertThatThrownBy(() -> Options.parse(new String[] {"--lab", "nothing"})).hasMessageContaining("--lab takes NAME=CLASSPATH");
        assertThatThrownBy(() -> Options.parse(new String[] {"--fast", "1"})).hasMessageStartingWith("unknown option --fast");
    }
}
