package lab.verify;

/**
 * A group of checks run against the learner's server. A check of such a group takes a {@link ServerRun}, or a
 * {@link Client} already connected to it, as a parameter ({@link LearnerCode} starts the server for it and stops it
 * after), and fails in learner language with why the server died when it did, whatever the clients saw.
 */
public interface ServerChecks {

    /** Starts the learner's server for one check and waits until it listens. */
    ServerRun startServer(Sandbox sandbox);
}
