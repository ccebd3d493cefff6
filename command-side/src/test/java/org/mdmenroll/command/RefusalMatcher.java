package org.mdmenroll.command;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.mdmenroll.support.problem.Refusal;

/**
 * Matches a {@link Refusal} by its problem type and, optionally, its kind:
 * {@code fixture.when(...).expectException(refusal("pin-expired"))}.
 */
public final class RefusalMatcher extends TypeSafeDiagnosingMatcher<Refusal> {

    private final Refusal.Kind kind;
    private final String type;

    private RefusalMatcher(Refusal.Kind kind, String type) {
        this.kind = kind;
        this.type = type;
    }

    /** A refusal of this problem type, whatever its kind. */
    public static Matcher<Refusal> refusal(String type) {
        return new RefusalMatcher(null, type);
    }

    /** A refusal of this kind and problem type. */
    public static Matcher<Refusal> refusal(Refusal.Kind kind, String type) {
        return new RefusalMatcher(kind, type);
    }

    @Override
    protected boolean matchesSafely(Refusal refusal, Description mismatch) {
        boolean typeMatches = type.equals(refusal.type());
        boolean kindMatches = kind == null || kind == refusal.kind();
        if (!typeMatches || !kindMatches) {
            mismatch.appendText("was a Refusal of kind ").appendValue(refusal.kind())
                    .appendText(" and type ").appendValue(refusal.type())
                    .appendText(" (").appendValue(refusal.getMessage()).appendText(")");
            return false;
        }
        return true;
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a Refusal");
        if (kind != null) {
            description.appendText(" of kind ").appendValue(kind);
        }
        description.appendText(" with type ").appendValue(type);
    }
}
