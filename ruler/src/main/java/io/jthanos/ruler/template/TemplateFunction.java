package io.jthanos.ruler.template;

import java.util.List;

/** A function callable from a template; a thrown exception becomes {@code error calling NAME: message}. */
@FunctionalInterface
public interface TemplateFunction {
    Object call(List<Object> args) throws Exception;
}
