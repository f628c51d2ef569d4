// chronicle contacts get | search | list, and chronicle import contacts | status | revert.
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "chronicle/cli/commands.h"
#include "chronicle/cli/table.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "import/contact_rows.h"
#include "import/csv_table.h"
#include "openssl/sha.h"

namespace chronicle::cli {
namespace {

constexpr int kBatchRows = 500;
constexpr int kBatchesInFlight = 4;

std::string Phones(const v1::Client& c) {
  std::vector<std::string> out;
  for (const auto& p : c.phones()) out.push_back(p.e164());
  return absl::StrJoin(out, ", ");
}

std::string Emails(const v1::Client& c) {
  std::vector<std::string> out;
  for (const auto& e : c.emails()) out.push_back(e.normalized());
  return absl::StrJoin(out, ", ");
}

void PrintClients(const std::vector<v1::Client>& clients,
                  const std::vector<std::string>& extra_header,
                  const std::vector<std::string>& extra) {
  std::vector<std::string> header = {"NAME", "CLIENT", "PHONES", "EMAILS", "OWNER"};
  header.insert(header.end(), extra_header.begin(), extra_header.end());
  Table table(header);
  for (size_t i = 0; i < clients.size(); ++i) {
    const v1::Client& c = clients[i];
    std::vector<std::string> row = {c.name(), Truncate(c.display_name(), 40),
                                    Truncate(Phones(c), 32), Truncate(Emails(c), 32),
                                    c.effective_owner()};
    if (i < extra.size()) row.push_back(extra[i]);
    table.AddRow(row);
  }
  table.Print(std::cout);
}

std::string ClientName(const std::string& name) {
  return name.rfind("clients/", 0) == 0 ? name : "clients/" + name;
}

int Get(Client& client, const std::string& name) {
  auto api = v1::Contacts::NewStub(client.channel());
  v1::GetClientRequest request;
  request.set_name(ClientName(name));
  v1::Client card;
  grpc::Status status = api->GetClient(client.NewContext().get(), request, &card);
  if (!status.ok()) return ReportError(status);
  PrintJson(card);
  return 0;
}

int Search(Client& client, const std::string& query) {
  auto api = v1::Contacts::NewStub(client.channel());
  v1::SearchClientsRequest request;
  request.set_query(query);
  v1::SearchClientsResponse response;
  grpc::Status status = api->SearchClients(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    for (const auto& r : response.results()) PrintJson(r);
    return 0;
  }
  std::vector<v1::Client> clients;
  std::vector<std::string> matched;
  for (const auto& r : response.results()) {
    clients.push_back(r.client());
    matched.push_back(absl::StrFormat("%.1f %s", r.score(), absl::StrJoin(r.matched(), "+")));
  }
  PrintClients(clients, {"MATCH"}, matched);
  return 0;
}

int List(Client& client, const std::string& filter, const std::string& order_by, int limit) {
  auto api = v1::Contacts::NewStub(client.channel());
  v1::ListClientsRequest request;
  request.set_filter(filter);
  request.set_order_by(order_by);
  request.set_page_size(std::min(limit, 1000));
  std::vector<v1::Client> clients;
  do {
    v1::ListClientsResponse response;
    grpc::Status status = api->ListClients(client.NewContext().get(), request, &response);
    if (!status.ok()) return ReportError(status);
    clients.insert(clients.end(), response.clients().begin(), response.clients().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() && static_cast<int>(clients.size()) < limit);
  if (static_cast<int>(clients.size()) > limit) clients.resize(limit);
  if (client.options().json) {
    for (const auto& c : clients) PrintJson(c);
  } else {
    PrintClients(clients, {}, {});
  }
  return 0;
}

// Reports progress on stderr: a redrawn bar on a terminal, a line per tenth otherwise.
class Progress {
 public:
  explicit Progress(size_t total)
      : total_(total), tty_(isatty(STDERR_FILENO)), start_(absl::Now()) {}
  void Advance(size_t rows) {
    std::lock_guard<std::mutex> lock(mu_);
    done_ += rows;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const int percent = total_ == 0 ? 100 : static_cast<int>(100 * done_ / total_);
    if (!tty_ && percent / 10 == last_tenth_) return;
    last_tenth_ = percent / 10;
    const int filled = percent * 30 / 100;
    std::cerr << (tty_ ? "\r" : "") << "[" << std::string(filled, '#')
              << std::string(30 - filled, ' ') << "] " << percent << "% " << done_ << "/" << total_
              << " rows, " << static_cast<int64_t>(seconds > 0 ? done_ / seconds : 0) << " rows/s"
              << (tty_ ? "" : "\n") << std::flush;
  }
  void Finish() {
    if (tty_) std::cerr << "\n";
  }

 private:
  std::mutex mu_;
  size_t total_;
  size_t done_ = 0;
  bool tty_;
  int last_tenth_ = -1;
  absl::Time start_;
};

std::string ContentId(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), 12));
}

struct ImportOptions {
  std::string file;
  std::string encoding = "auto";
  std::string delimiter = "auto";
  std::vector<std::string> map;
  std::string errors_file;
};

int ImportContacts(Client& client, const ImportOptions& options) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    std::cerr << "chronicle: cannot read " << options.file << "\n";
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  char delimiter = 0;
  if (options.delimiter == "tab")
    delimiter = '\t';
  else if (options.delimiter != "auto")
    delimiter = options.delimiter[0];
  auto table = ParseCsv(bytes, options.encoding, delimiter);
  if (!table.ok()) {
    std::cerr << "chronicle: " << options.file << ": " << table.status().message() << "\n";
    return 1;
  }
  auto targets = MapColumns(table->header, options.map);
  if (!targets.ok()) {
    std::cerr << "chronicle: " << targets.status().message() << "\n";
    return 1;
  }
  std::cerr << options.file << ": " << table->rows.size() << " rows, " << table->encoding
            << ", delimiter '"
            << (table->delimiter == '\t' ? std::string("tab") : std::string(1, table->delimiter))
            << "'\ncolumns:";
  for (size_t i = 0; i < table->header.size(); ++i) {
    const ColumnTarget& t = (*targets)[i];
    std::cerr << " " << table->header[i] << "->"
              << (t.field == "custom" ? "custom." + t.custom_key : t.field);
  }
  std::cerr << "\n";

  auto api = v1::Contacts::NewStub(client.channel());
  v1::ListCustomFieldsResponse defined;
  grpc::Status status = api->ListCustomFields(client.NewContext().get(), {}, &defined);
  if (!status.ok()) return ReportError(status);
  std::map<std::string, v1::CustomField> fields;
  for (const auto& f : defined.custom_fields())
    fields[f.name().substr(strlen("customFields/"))] = f;

  // Rows that cannot become cards fail here, the rest go to the server in batches.
  std::vector<std::string> row_errors(table->rows.size());
  std::vector<std::pair<size_t, v1::Client>> cards;
  for (size_t i = 0; i < table->rows.size(); ++i) {
    auto card = RowToClient(table->header, *targets, table->rows[i], fields);
    if (card.ok()) {
      cards.emplace_back(i, std::move(*card));
    } else {
      row_errors[i] = std::string(card.status().message());
    }
  }
  const std::string content_id = ContentId(bytes);
  v1::CreateImportJobRequest create;
  create.mutable_import_job()->set_file_name(options.file);
  create.mutable_import_job()->set_total_rows(table->rows.size());
  create.set_request_id("import-" + content_id);  // the same file imported again is the same job
  v1::ImportJob job;
  status = api->CreateImportJob(client.NewContext().get(), create, &job);
  if (!status.ok()) return ReportError(status);
  while (job.state() == v1::ImportJob::REVERTED) {  // imported, then undone: a new import
    create.set_request_id(absl::StrCat(create.request_id(), "-", job.revert_time().seconds()));
    status = api->CreateImportJob(client.NewContext().get(), create, &job);
    if (!status.ok()) return ReportError(status);
  }
  if (job.state() == v1::ImportJob::COMPLETED) {
    std::cout << options.file << " was imported before as " << job.name() << " (" << job.created()
              << " created, " << job.updated() << " updated, " << job.matched()
              << " matched): nothing to do\n";
    return 0;
  }

  const absl::Time start = absl::Now();
  Progress progress(table->rows.size());
  progress.Advance(table->rows.size() - cards.size());
  std::atomic<size_t> next_batch{0};
  std::atomic<bool> failed{false};
  grpc::Status failure;
  std::mutex failure_mu;
  const size_t batches = (cards.size() + kBatchRows - 1) / kBatchRows;
  auto worker = [&] {
    for (size_t b; !failed && (b = next_batch++) < batches;) {
      v1::BatchWriteClientsRequest request;
      request.set_import_job(job.name());
      request.set_request_id(absl::StrCat(job.name(), "#", b));
      const size_t first = b * kBatchRows, last = std::min(cards.size(), first + kBatchRows);
      for (size_t i = first; i < last; ++i) {
        auto* write = request.add_writes();
        write->set_mode(v1::ClientWrite::UPSERT);
        *write->mutable_client() = cards[i].second;
      }
      v1::BatchWriteClientsResponse response;
      auto context = client.NewContext();
      context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      grpc::Status s = api->BatchWriteClients(context.get(), request, &response);
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(failure_mu);
        failure = s;
        failed = true;
        return;
      }
      for (int r = 0; r < response.results_size(); ++r) {
        const auto& result = response.results(r);
        if (result.outcome() == v1::ClientWriteResult::FAILED) {
          // "writes[17].client.phones[0].number: ..." names the batch; the row is the user's.
          row_errors[cards[first + r].first] =
              std::regex_replace(result.message(), std::regex(R"(writes\[\d+\]\.(client\.)?)"), "");
        }
      }
      progress.Advance(last - first);
    }
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < kBatchesInFlight; ++i) workers.emplace_back(worker);
  for (auto& w : workers) w.join();
  progress.Finish();
  if (failed) {
    std::cerr << "chronicle: the import stopped; rows already written stay (revert with: chronicle "
                 "import revert "
              << job.name() << ", or run the same command again to resume)\n";
    return ReportError(failure);
  }
  v1::CompleteImportJobRequest complete;
  complete.set_name(job.name());
  status = api->CompleteImportJob(client.NewContext().get(), complete, &job);
  if (!status.ok()) return ReportError(status);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);

  size_t error_rows = 0;
  for (const std::string& e : row_errors) error_rows += !e.empty();
  if (error_rows > 0) {
    const std::string path =
        options.errors_file.empty() ? options.file + ".errors.csv" : options.errors_file;
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF";  // BOM: Excel then opens the UTF-8 file with Cyrillic intact
    std::vector<std::string> header = table->header;
    header.push_back("Ошибка");
    out << CsvLine(header, table->delimiter) << "\r\n";
    for (size_t i = 0; i < row_errors.size(); ++i) {
      if (row_errors[i].empty()) continue;
      std::vector<std::string> row = table->rows[i];
      row.push_back(row_errors[i]);
      out << CsvLine(row, table->delimiter) << "\r\n";
    }
    std::cerr << error_rows << " rows were not imported; fix them in " << path
              << " and import that file\n";
  }
  if (client.options().json) {
    PrintJson(job);
  } else {
    std::cout << absl::StrFormat(
        "%s: %d created, %d updated, %d matched, %d failed in %.1f s (%.0f rows/s)\n"
        "undo with: chronicle import revert %s\n",
        job.name(), job.created(), job.updated(), job.matched(), error_rows, seconds,
        seconds > 0 ? table->rows.size() / seconds : 0.0, job.name());
  }
  return error_rows > 0 ? 3 : 0;
}

int JobCommand(Client& client, const std::string& name, bool revert) {
  auto api = v1::Contacts::NewStub(client.channel());
  const std::string full = name.rfind("importJobs/", 0) == 0 ? name : "importJobs/" + name;
  v1::ImportJob job;
  grpc::Status status;
  if (revert) {
    v1::RevertImportJobRequest request;
    request.set_name(full);
    auto context = client.NewContext();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
    status = api->RevertImportJob(context.get(), request, &job);
  } else {
    v1::GetImportJobRequest request;
    request.set_name(full);
    status = api->GetImportJob(client.NewContext().get(), request, &job);
  }
  if (!status.ok()) return ReportError(status);
  PrintJson(job);
  return 0;
}

}  // namespace

void AddContactsCommands(CLI::App& app, Action* selected) {
  CLI::App* contacts = app.add_subcommand("contacts", "client cards")->require_subcommand(1);
  auto name = std::make_shared<std::string>();
  contacts->add_subcommand("get", "one client card (JSON)")
      ->callback([=] { *selected = [=](Client& c) { return Get(c, *name); }; })
      ->add_option("name", *name, "clients/{id} or the id")
      ->required();
  auto query = std::make_shared<std::string>();
  contacts->add_subcommand("search", "search by name, company, phone digits or email")
      ->callback([=] { *selected = [=](Client& c) { return Search(c, *query); }; })
      ->add_option("query", *query, "for example: \"Саша Иванова\", 4567, mail.ru")
      ->required();
  auto filter = std::make_shared<std::string>();
  auto order = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(50);
  auto* list = contacts->add_subcommand("list", "clients matching a filter");
  list->add_option("--filter", *filter, "e.g. 'owner = \"anna\" AND temperature = HOT'");
  list->add_option("--order-by", *order,
                   "create_time, create_time desc, display_name, last_contact_time desc");
  list->add_option("--limit", *limit, "at most this many (default 50)");
  list->callback([=] { *selected = [=](Client& c) { return List(c, *filter, *order, *limit); }; });

  CLI::App* import =
      app.add_subcommand("import", "spreadsheets into Chronicle")->require_subcommand(1);
  auto options = std::make_shared<ImportOptions>();
  auto* import_contacts = import->add_subcommand(
      "contacts",
      "import clients from a CSV file (UTF-8 or Windows-1251), deduplicated by phone, "
      "email and external id; safe to run again");
  import_contacts->add_option("file", options->file, "the CSV file")->required();
  import_contacts->add_option("--encoding", options->encoding,
                              "auto (default), utf-8 or windows-1251");
  import_contacts->add_option("--delimiter", options->delimiter, "auto (default), ',', ';' or tab");
  import_contacts
      ->add_option("--map", options->map,
                   "column mapping, e.g. --map 'Телефон 2=phone' --map 'Сегмент=custom.segment' "
                   "--map 'Компания=ignore'")
      ->delimiter(',');
  import_contacts->add_option("--errors", options->errors_file,
                              "where to write rows that failed (default FILE.errors.csv)");
  import_contacts->callback(
      [=] { *selected = [=](Client& c) { return ImportContacts(c, *options); }; });
  auto job = std::make_shared<std::string>();
  import->add_subcommand("status", "progress and counts of an import job")
      ->callback([=] { *selected = [=](Client& c) { return JobCommand(c, *job, false);
};
}  // namespace chronicle::cli
)
      ->add_option("job", *job, "importJobs/{id}")->required();
  import->add_subcommand("revert", "undo an import: delete the cards it created, restore what it changed")
      ->callback([=] { *selected = [=](Client& c) { return JobCommand(c, *job, true);
  }
  ;
  })
      ->add_option("job", *job, "importJobs/{id}")->required();
  }

  }  // namespace chronicle::cli
