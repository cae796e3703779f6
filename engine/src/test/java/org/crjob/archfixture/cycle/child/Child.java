package org.crjob.archfixture.cycle.child;

import org.crjob.archfixture.cycle.Parent;

/** ...which uses it back. */
public final class Child {
    public Parent parent() {
        return new Parent();
    }
}
