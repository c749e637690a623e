#include "clock.h"

#include <cstdio>

namespace clock_time {

Clock::Clock(int hour, int minute) : minutes_((hour * 60 + minute) % (24 * 60)) {}

Clock Clock::plus(int minutes) const { return Clock(0, minutes_ + minutes); }

Clock Clock::minus(int minutes) const { return Clock(0, minutes_ - minutes); }

std::string Clock::str() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes_ / 60, minutes_ % 60);
    return buf;
}

bool Clock::operator==(const Clock& other) const { return minutes_ == other.minutes_; }

bool Clock::operator!=(const Clock& other) const { return !(*this == other); }

}  // namespace clock_time
