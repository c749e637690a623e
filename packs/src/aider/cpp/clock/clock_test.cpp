#include "clock.h"
#include "pq_test.hpp"

using clock_time::Clock;

TEST_CASE(on_the_hour) {
    CHECK_EQ(Clock(8, 0).str(), std::string("08:00"));
    CHECK_EQ(Clock(11, 9).str(), std::string("11:09"));
}

TEST_CASE(hours_roll_over) {
    CHECK_EQ(Clock(24, 0).str(), std::string("00:00"));
    CHECK_EQ(Clock(25, 0).str(), std::string("01:00"));
    CHECK_EQ(Clock(100, 0).str(), std::string("04:00"));
}

TEST_CASE(minutes_roll_over) {
    CHECK_EQ(Clock(1, 60).str(), std::string("02:00"));
    CHECK_EQ(Clock(0, 160).str(), std::string("02:40"));
    CHECK_EQ(Clock(25, 160).str(), std::string("03:40"));
    CHECK_EQ(Clock(201, 3001).str(), std::string("11:01"));
    CHECK_EQ(Clock(72, 8640).str(), std::string("00:00"));
}

TEST_CASE(negative_values) {
    CHECK_EQ(Clock(-1, 15).str(), std::string("23:15"));
    CHECK_EQ(Clock(-25, 0).str(), std::string("23:00"));
    CHECK_EQ(Clock(-91, 0).str(), std::string("05:00"));
    CHECK_EQ(Clock(1, -40).str(), std::string("00:20"));
    CHECK_EQ(Clock(1, -160).str(), std::string("22:20"));
    CHECK_EQ(Clock(-25, -160).str(), std::string("20:20"));
    CHECK_EQ(Clock(-121, -5810).str(), std::string("22:10"));
}

TEST_CASE(adding_minutes) {
    CHECK_EQ(Clock(10, 0).plus(3).str(), std::string("10:03"));
    CHECK_EQ(Clock(23, 59).plus(2).str(), std::string("00:01"));
    CHECK_EQ(Clock(5, 32).plus(1500).str(), std::string("06:32"));
}

TEST_CASE(subtracting_minutes) {
    CHECK_EQ(Clock(10, 3).minus(3).str(), std::string("10:00"));
    CHECK_EQ(Clock(0, 3).minus(4).str(), std::string("23:59"));
    CHECK_EQ(Clock(5, 32).minus(3000).str(), std::string("03:32"));
}

TEST_CASE(original_is_unchanged) {
    Clock c(6, 15);
    Clock later = c.plus(30);
    CHECK_EQ(c.str(), std::string("06:15"));
    CHECK_EQ(later.str(), std::string("06:45"));
}

TEST_CASE(equality) {
    CHECK(Clock(15, 37) == Clock(15, 37));
    CHECK(Clock(15, 37) != Clock(15, 36));
    CHECK(Clock(10, 37) == Clock(34, 37));
    CHECK(Clock(0, 0) == Clock(-48, 0));
    CHECK(Clock(2, 40) == Clock(0, 160));
    CHECK(Clock(18, 7) == Clock(-54, -11513));
    CHECK(!(Clock(3, 11) != Clock(27, 11)));
}
