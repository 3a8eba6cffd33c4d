package io.parley.command;

import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** For axon-test's {@code expectException}: the command was turned away with this {@link Rejection}. */
public final class RejectionMatchers {

    private RejectionMatchers() {
    }

    public static Matcher<Object> rejectedWith(Rejection rejection) {
        return new TypeSafeMatcher<>(RejectedException.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return ((RejectedException) item).rejection() == rejection;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("RejectedException with rejection ").appendValue(rejection);
            }

            @Override
            protected void describeMismatchSafely(Object item, Description mismatch) {
                mismatch.appendText("rejection was ").appendValue(((RejectedException) item).rejection());
            }
        };
    }
}
