package lab.gen;

import java.io.Serial;

/** Thrown by send when the generator's body has finished. */
public final class StopIteration extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception; it records no stack trace, because ending a generator is ordinary control flow. */
    public StopIteration() {
        super("generator is done", null, false, false);
    }
}
