package lab.gen;

import java.io.Serial;

/** Thrown inside a suspended body, at its yield, by close. */
public final class GeneratorExit extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception; it records no stack trace, because closing a generator is ordinary control flow. */
    public GeneratorExit() {
        super("generator closed", null, false, false);
    }
}
