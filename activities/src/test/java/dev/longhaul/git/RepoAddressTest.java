package dev.longhaul.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepoAddressTest {
  @Test
  void pathsAndFileUrls_areLocal_networkUrlsAndScpLikeAddressesAreNot() {
    assertThat(RepoAddress.isLocal("/srv/repo")).isTrue();
    assertThat(RepoAddress.isLocal("../repo")).isTrue();
    assertThat(RepoAddress.isLocal("file:///srv/repo")).isTrue();
    assertThat(RepoAddress.isPath("file:///srv/repo")).isFalse();
    assertThat(RepoAddress.isLocal("https://github.com/o/r.git")).isFalse();
    assertThat(RepoAddress.isLocal("ssh://git@host/r.git")).isFalse();
    assertThat(RepoAddress.isLocal("git@github.com:o/r.git")).isFalse();
    assertThat(RepoAddress.isLocal("./dir:with-colon")).isTrue();
  }
}
