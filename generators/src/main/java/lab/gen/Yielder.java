package lab.gen;

/**
 * What a generator's body uses to hand a value to its resumer and wait for the next send.
 *
 * @param <Y> the type of the values the body yields
 * @param <S> the type of the values sent in
 */
public interface Yielder<Y, S> {

    /** Suspends the body, hands {@code value} to the resumer, and returns the value of the next send. */
    S yield(Y value);

    /** Suspends the body, hands {@code null} to the resumer, and returns the value of the next send. */
    default S yield() {
        return this.yield(null);
    }
}
