package io.rwsplit.examples.corpus;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.Param;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Test-only Spring Data repository of the SQL capture ({@link SqlCaptureIT}): one method per common kind of
 * query, so that the SQL Hibernate renders for each is sent once and recorded.
 */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

    /** LIKE '%x%': Hibernate appends {@code escape '\'} (the statement shape of issue 14). */
    Page<Customer> findByLastNameContaining(String part, Pageable page);

    List<Customer> findByLastNameStartingWithIgnoreCase(String prefix, Sort sort);

    List<Customer> findByEmailEndingWith(String suffix);

    List<Customer> findByLastNameLike(String pattern);

    Slice<Customer> findByFirstNameNotContaining(String part, Pageable page);

    long countByLastNameContaining(String part);

    boolean existsByEmail(String email);

    List<Customer> findByLastNameIn(Collection<String> names);

    Optional<Customer> findFirstByOrderByLastNameDesc();

    List<Customer> findTop3ByLastNameOrderByIdAsc(String lastName);

    long deleteByEmail(String email);

    @Query("select c from Customer c where lower(c.email) like lower(concat('%', :domain)) order by c.lastName")
    List<Customer> jpqlByDomain(@Param("domain") String domain);

    @Query(value = "select c from Customer c where c.lastName = :lastName",
            countQuery = "select count(c) from Customer c where c.lastName = :lastName")
    Page<Customer> jpqlPageByLastName(@Param("lastName") String lastName, Pageable page);

    @Query(value = "SELECT * FROM customers WHERE last_name = :lastName ORDER BY id", nativeQuery = true)
    List<Customer> nativeByLastName(@Param("lastName") String lastName);

    @Query(value = "SELECT COUNT(*) FROM customers WHERE email LIKE CONCAT('%', :domain)", nativeQuery = true)
    long nativeCountByDomain(@Param("domain") String domain);

    @Modifying
    @Query("update Customer c set c.email = :email, c.version = c.version + 1 where c.id = :id")
    int jpqlUpdateEmail(@Param("id") long id, @Param("email") String email);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Customer c where c.id = :id")
    Optional<Customer> lockForUpdate(@Param("id") long id);

    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select c from Customer c where c.id = :id")
    Optional<Customer> lockForShare(@Param("id") long id);

    /** Lock timeout 0: {@code NOWAIT}. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "0"))
    List<Customer> findByLastName(String lastName);

    /** Lock timeout -2: {@code SKIP LOCKED}, the job-queue pattern. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
    List<Customer> findTop2ByFirstNameOrderById(String firstName);

    @Lock(LockModeType.OPTIMISTIC_FORCE_INCREMENT)
    Optional<Customer> findByEmail(String email);
}
