// ListEmployees: the directory in id order.
#include "activities/domain/events.h"
#include "activities/projection/keys.h"
#include "activities/projection/queries.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/query/conjunctive_filter.h"

namespace chronicle::activities {

absl::Status ListEmployees(projection::StateReader& view, const v1::ListEmployeesRequest& request,
                           v1::ListEmployeesResponse* response) {
  if (request.page_size() < 0 || request.page_size() > 1000) {
    return errors::InvalidArgument({{"page_size", "0..1000 (0: 100)"}});
  }
  const int page_size = request.page_size() == 0 ? 100 : request.page_size();
  const query::FilterFields fields{
      [](const std::string& f) { return f == "department" || f == "active" || f == "time_zone"; },
      "department, active, time_zone",
      {}};
  ASSIGN_OR_RETURN(std::vector<query::Comparison> filter,
                   query::ParseConjunction(request.filter(), fields));
  const std::string prefix = keys::Prefix("em");
  const std::string after = request.page_token().empty() ? "" : prefix + request.page_token();
  absl::Status failed;
  RETURN_IF_ERROR(view.Scan(prefix, after, [&](absl::string_view key, absl::string_view value) {
    v1::Employee employee;
    if (!employee.ParseFromString(std::string(value))) {
      failed = absl::DataLossError("activities projection: unreadable employee");
      return false;
    }
    for (const query::Comparison& c : filter) {
      const bool ok = c.field == "department" ? query::StringMatches(employee.department(), c)
                      : c.field == "time_zone"
                          ? query::StringMatches(employee.time_zone(), c)
                          : query::StringMatches(employee.active() ? "true" : "false", c);
      if (!ok) return true;
    }
    if (response->employees_size() == page_size) {
      response->set_next_page_token(IdOf(response->employees().rbegin()->name()));
      return false;
    }
    *response->add_employees() = std::move(employee);
    return true;
  }));
  return failed;
}

}  // namespace chronicle::activities
