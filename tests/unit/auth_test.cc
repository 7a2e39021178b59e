#include "service/auth.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "service/audit.h"
#include "test_util.h"

namespace om {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    store_ = testing::StoreWithPlaces();
    Organization org;
    org.name = "UNICEF";
    org.humanitarian = true;
    org_ = store_->CreateOrganization(org)->meta.id;
    User u;
    u.username = "Officer";
    u.org_id = org_;
    u.roles = RoleBit(Role::kPlanner);
    auto created = AddUser(*store_, u, "correct horse battery");
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    user_ = *created;
  }
  std::unique_ptr<Store> store_;
  Id org_ = 0;
  User user_;
};

TEST_F(AuthTest, PasswordsAreStoredAsArgon2idHashes) {
  EXPECT_EQ(user_.password_hash.rfind("$argon2id$", 0), 0u) << user_.password_hash;
  EXPECT_EQ(user_.password_hash.find("correct horse"), std::string::npos);
  EXPECT_NE(user_.password_hash.find("m=65536,t=2"), std::string::npos) << user_.password_hash;
  EXPECT_FALSE(AddUser(*store_, user_, "short").ok());
  User dup = user_;
  dup.username = "officer";  // usernames are unique regardless of case
  EXPECT_EQ(AddUser(*store_, dup, "another long one").status().code(), StatusCode::kAlreadyExists);
}

TEST_F(AuthTest, LoginGivesAFreshSessionEachTimeAndLogoutEndsIt) {
  LoginOutcome a = Login(*store_, "officer", "correct horse battery");
  ASSERT_TRUE(a.status.ok()) << a.status.ToString();
  LoginOutcome b = Login(*store_, "OFFICER", "correct horse battery");
  ASSERT_TRUE(b.status.ok());
  EXPECT_NE(a.session_token, b.session_token);
  EXPECT_NE(a.csrf_token, a.session_token);
  EXPECT_EQ(a.csrf_token, CsrfTokenFor(a.session_token));
  auto who = AuthenticateSession(*store_, a.session_token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->principal.user_id, user_.id);
  EXPECT_TRUE(who->principal.Holds("humanitarian"));
  auto stored = store_->GetSession(a.session_token);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value()) << "the session secret itself must not be a key";
  ASSERT_TRUE(Logout(*store_, a.session_token).ok());
  EXPECT_EQ(AuthenticateSession(*store_, a.session_token).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(AuthenticateSession(*store_, b.session_token).ok());
}

TEST_F(AuthTest, FailuresSlowDownThenLockAndAResetClearsThem) {
  for (int i = 1; i <= kFreeLoginAttempts; ++i) {
    LoginOutcome out = Login(*store_, "officer", "wrong password");
    EXPECT_EQ(out.status.code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(out.retry_after, 0) << "attempt " << i;
  }
  LoginOutcome fourth = Login(*store_, "officer", "wrong password");
  EXPECT_EQ(fourth.retry_after, 0);
  // The fourth failure imposes a wait: even the right password is refused during it.
  LoginOutcome waiting = Login(*store_, "officer", "correct horse battery");
  EXPECT_GT(waiting.retry_after, 0);
  EXPECT_FALSE(waiting.status.ok());
  auto user = store_->GetUser(user_.id);
  user->failed_logins = kLockAfterFailures - 1;
  user->next_attempt_at.clear();
  ASSERT_TRUE(store_->RecordLoginAttempt(*user).ok());
  EXPECT_EQ(Login(*store_, "officer", "wrong password").status.code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(Login(*store_, "officer", "correct horse battery").status.code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(SetPassword(*store_, user_.id, "a brand new password").ok());
  EXPECT_TRUE(Login(*store_, "officer", "a brand new password").status.ok());
}

TEST_F(AuthTest, UnknownUsernamesAnswerLikeKnownOnes) {
  for (int i = 0; i < kFreeLoginAttempts; ++i) {
    LoginOutcome out = Login(*store_, "nobody-here", "whatever password");
    EXPECT_EQ(out.status.message(), "invalid username or password");
  }
  Login(*store_, "nobody-here", "whatever password");
  EXPECT_GT(Login(*store_, "nobody-here", "whatever password").retry_after, 0);
}

TEST_F(AuthTest, DisabledUsersCannotSignInAndTheirTokensStop) {
  auto token = IssueApiToken(*store_, user_.id, "script");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->second.rfind("om_", 0), 0u);
  EXPECT_NE(token->first.token_hash, token->second);
  EXPECT_TRUE(AuthenticateToken(*store_, token->second).ok());
  User u = *store_->GetUser(user_.id);
  u.disabled = true;
  ASSERT_TRUE(store_->UpdateUser(u).ok());
  EXPECT_FALSE(AuthenticateToken(*store_, token->second).ok());
  EXPECT_EQ(Login(*store_, "officer", "correct horse battery").status.message(),
            "invalid username or password");
  u.disabled = false;
  ASSERT_TRUE(store_->UpdateUser(u).ok());
  EXPECT_TRUE(AuthenticateToken(*store_, token->second).ok());
  ASSERT_TRUE(store_->RevokeApiToken(token->first.id, NowIso8601()).ok());
  EXPECT_FALSE(AuthenticateToken(*store_, token->second).ok());
}

TEST_F(AuthTest, ReleasesReachTheirRecipientsUntilRevoked) {
  Organization force;
  force.name = "Mission Force";
  Id force_org = store_->CreateOrganization(force)->meta.id;
  User analyst;
  analyst.username = "force.analyst";
  analyst.org_id = force_org;
  analyst.roles = RoleBit(Role::kForce);
  analyst.password_hash = "x";
  analyst = *store_->CreateUser(analyst);
  Release r;
  r.scope.compartment = "humanitarian";
  r.scope.place = "AF23";
  r.recipient_roles = RoleBit(Role::kForce);
  r.reason = "PoC planning";
  r.expires_at = IsoTimeFromNow(3600);
  r.created_by = user_.id;
  auto created = store_->CreateRelease(r);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->scope.place_level, 1);
  auto p = PrincipalFor(*store_, analyst);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->aggregate.size(), 1u);
  EXPECT_TRUE(p->full.empty());
  ASSERT_TRUE(store_->RevokeRelease(created->meta.id, user_.id, NowIso8601()).ok());
  EXPECT_TRUE(PrincipalFor(*store_, analyst)->aggregate.empty());
  EXPECT_FALSE(store_->RevokeRelease(created->meta.id, user_.id, NowIso8601()).ok());
}

TEST_F(AuthTest, TheAuditChainVerifies) {
  Principal p = Principal::System();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Audit(*store_, p, "read", "GET /x", {{"i", i}}).ok());
  auto check = VerifyAudit(*store_);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << check->problems.front();
  EXPECT_EQ(check->entries, 5);
  auto entries = store_->ListAudit({});
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 5u);
  EXPECT_EQ(entries->front().seq, 5);  // newest first
  EXPECT_EQ(entries->front().prev_hash, (*entries)[1].hash);
  EXPECT_EQ(check->head, entries->front().hash);
}

}  // namespace
}  // namespace om
