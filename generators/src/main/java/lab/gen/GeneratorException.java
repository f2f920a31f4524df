package lab.gen;

import java.io.Serial;

/** Wraps a checked exception thrown by a generator's body, so that send can rethrow it. */
public final class GeneratorException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}, a checked exception the body threw. */
    public GeneratorException(Throwable cause) {
        super("generator body threw " + cause, cause);
    }
}
