package org.crjob.archfixture.cycle;

import org.crjob.archfixture.cycle.child.Child;

/** Breaks the cycle rule, as the engine's root package and coordinator once did: it uses its subpackage... */
public final class Parent {
    public Child child() {
        return new Child();
    }
}
