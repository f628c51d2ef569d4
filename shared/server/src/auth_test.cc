#include "chronicle/server/auth.h"

#include <sys/stat.h>

#include "chronicle/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chronicle::server {
namespace {

TEST(AuthTest, KnownTokensMapToTheirPrincipal) {
  Authenticator auth({{"token-of-anna-0001", {"anna", "manager"}}});
  auto principal = auth.AuthenticateToken("token-of-anna-0001");
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user_id, "anna");
  EXPECT_EQ(auth.AuthenticateToken("token-of-anna-0002").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.AuthenticateToken("").status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(AuthTest, RolesAreChecked) {
  EXPECT_TRUE(RequireRole({"root", "admin"}, kAdminRole).ok());
  EXPECT_EQ(RequireRole({"anna", "manager"}, kAdminRole).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AuthTest, AdminTokenIsGeneratedOnceAndKeptPrivate) {
  chronicle::testing::TempDir dir;
  auto first = EnsureAdminToken(dir.path());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->token.size(), 4u + 64u);
  struct stat info;
  ASSERT_EQ(::stat(first->path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto second = EnsureAdminToken(dir.path());
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->token, first->token);
}

}  // namespace
}  // namespace chronicle::server
