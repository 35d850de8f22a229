package dev.modeldeploy.runtime.features.jdbc;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real data source and counts the statements executed through it (each one a round trip to
 * the database), keeping their SQL, so tests can see how many queries a batch took.
 */
final class CountingDataSource {
    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

    final AtomicInteger executions = new AtomicInteger();
    final List<String> sql = new CopyOnWriteArrayList<>();
    final DataSource dataSource;

    CountingDataSource(DataSource real) {
        this.dataSource = proxy(DataSource.class, real, (target, method, args) -> {
            Object result = method.invoke(target, args);
            return method.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
    }

    private Connection connection(Connection real) {
        return proxy(Connection.class, real, (target, method, args) -> {
            Object result = method.invoke(target, args);
            if (method.getName().equals("prepareStatement")) {
                String text = (String) args[0];
                return statement(PreparedStatement.class, (PreparedStatement) result, text);
            }
            if (method.getName().equals("createStatement")) {
                return statement(Statement.class, (Statement) result, null);
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, S real, String prepared) {
        return proxy(type, real, (target, method, args) -> {
            if (EXECUTE.contains(method.getName())) {
                executions.incrementAndGet();
                sql.add(prepared != null ? prepared : String.valueOf(args[0]));
            }
            return method.invoke(target, args);
        });
    }

    private interface Call {
        Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler h = (p, method, args) -> {
            try {
                return call.invoke(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, h);
    }
}
