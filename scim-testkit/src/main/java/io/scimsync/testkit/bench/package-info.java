/**
 * Measuring the fake server: a plain HTTP/1.1 load generator and the benchmark that prints how
 * many requests per second the server answers on this machine.
 */
package io.scimsync.testkit.bench;
