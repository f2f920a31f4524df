package lab.hidden.step05;

import org.junit.jupiter.api.DisplayName;

/** A hidden check of step 05: step 03's bigger burst, now through GenSocket. */
@DisplayName("hidden: a bigger burst, through GenSocket")
class BiggerBurst extends lab.hidden.step03.BiggerBurst {}
