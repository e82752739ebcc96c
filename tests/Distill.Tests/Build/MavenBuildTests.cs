using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>
/// A Maven project built for real, offline, with the Maven plugins Debian packages in
/// /usr/share/maven-repo (the tests reach no Maven repository): jar, jdeps + jlink, image, runc.
/// </summary>
public sealed class MavenBuildTests
{
    private const string Pom = """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>hello-maven</artifactId>
          <version>1.0</version>
          <packaging>jar</packaging>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-jar-plugin</artifactId>
                <configuration><archive><manifest><mainClass>hello.Main</mainClass></manifest></archive></configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """;

    [Fact]
    public void A_maven_project_builds_offline_runs_on_its_jlinked_runtime_and_builds_the_same_twice()
    {
        Testing.Tools.Require("mvn");
        Testing.Tools.Require("jlink");
        const string repo = "/usr/share/maven-repo";
        if (!Directory.Exists(Path.Combine(repo, "org/apache/maven/plugins/maven-jar-plugin")))
        {
            Testing.Tools.Require("libmaven-jar-plugin-java (Debian's Maven plugins in /usr/share/maven-repo)");
        }
        using var dir = new TempDir();
        dir.Write("app/pom.xml", Pom);
        dir.Write("app/src/main/java/hello/Main.java", "package hello;\n\npublic class Main {\n    public static void main(String[] args) {\n        System.out.println(\"hello from maven\");\n    }\n}\n");
        // Maven reads its command-line options from .mvn/maven.config: offline, against Debian's packaged plugins.
        dir.Write("app/.mvn/maven.config", $"-o -Dmaven.repo.local={repo}\n");

        BuildProof.BuildVerifyRun(dir["app"], dir, "jlink", "static", "hello from maven");
        Assert.False(Directory.Exists(dir["app/target"]), "the build must not write into the project");

        var first = Run.Distill(["build", dir["app"], "-q", "-o", $"oci:{dir["one"]}:v1"]).AssertSuccess("first build").Stdout.Trim();
        var second = Run.Distill(["build", dir["app"], "-q", "-o", $"oci:{dir["two"]}:v1"]).AssertSuccess("second build").Stdout.Trim();
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }
}
