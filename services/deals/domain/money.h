// Amounts as google.type.Money (units plus nano-units of the same sign), with exact arithmetic:
// sums of a million deals neither overflow nor drift, because they are computed in 128-bit
// nano-units rather than doubles.
#ifndef CHRONICLE_DEALS_DOMAIN_MONEY_H_
#define CHRONICLE_DEALS_DOMAIN_MONEY_H_

#include <string>

#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::deals {

using Nanos = __int128;

// What is wrong with `money` as a deal amount or price ("" when nothing): the currency must be
// an ISO 4217 code (three capital letters), nanos within +-999,999,999 with the sign of units,
// and the amount not negative.
std::string MoneyProblem(const v1::Money& money);

Nanos ToNanos(const v1::Money& money);
v1::Money FromNanos(const std::string& currency_code, Nanos nanos);

// `price` x `quantity`, rounded to the nearest nano-unit.
v1::Money Times(const v1::Money& price, double quantity);

// `nanos` x `percent` / 100, rounded half away from zero.
Nanos PercentOf(Nanos nanos, int percent);

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_DOMAIN_MONEY_H_
