package io.rwsplit.examples.spring;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

/** Spring Data repository of the catalogue. */
public interface ProductRepository extends JpaRepository<Product, Long> {
    List<Product> findAllByOrderByNameAsc();
}
