package io.jthanos.query.rules;

/**
 * One endpoint that announced the Rules API in its Info response.
 *
 * @param name the endpoint's address, used in warnings and errors
 * @param source its Rules API
 */
public record RulesEndpoint(String name, RulesSource source) {}
