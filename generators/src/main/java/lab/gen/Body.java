package lab.gen;

/**
 * The code of a generator, which yields its values through the given Yielder.
 *
 * @param <Y> the type of the values the body yields
 * @param <S> the type of the values sent in
 */
@FunctionalInterface
public interface Body<Y, S> {

    /** Runs the body; it may yield any number of times, then return or throw. */
    void run(Yielder<Y, S> y) throws Exception;
}
