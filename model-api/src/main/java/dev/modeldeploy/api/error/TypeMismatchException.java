package dev.modeldeploy.api.error;

/** A loaded model's input or output type is not the one the caller asked for. */
public class TypeMismatchException extends ModelException {
    public TypeMismatchException(String model, String role, Class<?> expected, Class<?> actual) {
        super("model " + model + ": " + role + " type is " + actual.getName() + ", not " + expected.getName());
    }
}
