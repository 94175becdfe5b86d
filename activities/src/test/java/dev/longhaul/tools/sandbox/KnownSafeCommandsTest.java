package dev.longhaul.tools.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KnownSafeCommandsTest {
  @ParameterizedTest(name = "known safe: {0}")
  @ValueSource(
      strings = {
        "ls",
        "ls -la src",
        "ls *.java",
        "cat README.md",
        "head -n 20 a.txt",
        "tail -5 log.txt",
        "wc -l src/A.java",
        "pwd",
        "echo hello",
        "true",
        "grep -rn 'TODO' src",
        "grep -n \"two words\" a.txt",
        "rg -n foo",
        "rg --files",
        "find . -name '*.java'",
        "find src -type f -newer pom.xml",
        "git status",
        "git log --oneline -5",
        "git diff HEAD~1 -- src",
        "git show HEAD:README.md",
        "git branch",
        "git branch -a -v",
        "git branch --list 'feat*'",
        "sed -n 10p a.txt",
        "sed -n 1,40p a.txt",
        "cat a.txt | grep x | wc -l",
        "ls && pwd",
        "ls missing || true",
        "cd src && ls",
        "sort names.txt | uniq -c",
      })
  void readOnlyCommands_areKnownSafe(String command) {
    assertThat(KnownSafeCommands.isKnownSafe(command)).as(command).isTrue();
  }

  @ParameterizedTest(name = "not known safe: {0}")
  @ValueSource(
      strings = {
        "",
        "   ",
        "rm -rf build",
        "touch a",
        "mvn -q test",
        "ls || make install",
        "ls > listing.txt",
        "cat a.txt >> b.txt",
        "grep x < a.txt",
        "ls; rm a",
        "ls & rm a",
        "ls |& cat",
        "echo $(rm a)",
        "echo `rm a`",
        "echo $HOME",
        "echo \"$OPENAI_API_KEY\"",
        "(ls)",
        "{ ls; }",
        "ls\nrm a",
        "ls \\; rm",
        "echo 'unterminated",
        "ls &&",
        "| ls",
        "FOO=bar ls",
        "/bin/ls",
        "find . -name '*.tmp' -delete",
        "find . -exec rm {} +",
        "find . -fprint out.txt",
        "rg --pre ./script foo",
        "rg -z foo",
        "git push",
        "git commit -m x",
        "git -c core.pager=sh log",
        "git diff --output=patch.txt",
        "git diff --ext-diff",
        "git branch new-feature",
        "git branch -D main",
        "git branch -m old new",
        "git",
        "sed -i s/a/b/ a.txt",
        "sed -n 's/a/b/w out' a.txt",
        "sed -n 1p -i a.txt",
        "sort -o out.txt a.txt",
        "sort --output=out.txt a.txt",
        "sort --compress-program=sh a.txt",
        "uniq in.txt out.txt",
        "xargs rm",
        "bash -c ls",
        "python3 -c 'print(1)'",
        "cat /proc/$PPID/environ | tr '\\0' '\\n' | grep -i key | rev",
      })
  void commandsThatCanWriteOrRunAnything_areNotKnownSafe(String command) {
    assertThat(KnownSafeCommands.isKnownSafe(command)).as(command).isFalse();
  }
}
