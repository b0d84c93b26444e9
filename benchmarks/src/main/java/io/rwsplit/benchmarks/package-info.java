/** JMH benchmarks of rwsplit: overhead, classification, load balancing. See benchmarks/README.md. */
package io.rwsplit.benchmarks;
