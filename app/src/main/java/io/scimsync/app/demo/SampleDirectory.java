package io.scimsync.app.demo;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The demo's directory: 50 people with names from many languages, and 6 groups. It includes
 * what breaks naive SCIM clients: an apostrophe in a userName (filter escaping), double quotes in
 * a display name and a group name (JSON and filter escaping), and non-ASCII names.
 */
public final class SampleDirectory {
  /** One user as the admin API takes it ({@code PUT /api/v1/users/{id}}). */
  public record User(String id, String userName, String givenName, String familyName,
                     String displayName, String email) {
    public User {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(userName, "userName");
    }
  }

  /** One group as the admin API takes it ({@code PUT /api/v1/groups/{id}}). */
  public record Group(String id, String name, List<String> members) {
    public Group {
      members = List.copyOf(members);
    }
  }

  private static final String[][] PEOPLE = {
      {"Amelia", "Watson"}, {"José", "García"}, {"Zoë", "Müller"}, {"Conor", "O'Brien"},
      {"Robert", "Smith"}, {"Aiko", "Tanaka"}, {"Björn", "Lindqvist"}, {"Chiamaka", "Okafor"},
      {"Dmitri", "Volkov"}, {"Élodie", "Martin"}, {"Fatima", "Al-Sayed"}, {"Giulia", "Rossi"},
      {"Hiroshi", "Nakamura"}, {"Ingrid", "Hansen"}, {"Jamal", "Washington"},
      {"Kateřina", "Nováková"}, {"Liam", "Murphy"}, {"María José", "Fernández"},
      {"An", "Nguyễn"}, {"Olumide", "Adeyemi"}, {"Priya", "Raghunathan"}, {"Quentin", "Dubois"},
      {"Rafael", "Oliveira"}, {"Søren", "Nielsen"}, {"Tomás", "Ó Súilleabháin"},
      {"Uma", "Krishnan"}, {"Valentina", "Petrova"}, {"Wei", "Zhang"}, {"Ximena", "Castillo"},
      {"Yusuf", "Demir"}, {"Zainab", "Hussain"}, {"Ana-Maria", "Popescu"},
      {"Benedikt", "Schäfer"}, {"Camille", "Laurent"}, {"Daniel", "Kim"}, {"Emeka", "Nwosu"},
      {"Freya", "Andersson"}, {"Gabriel", "Silva"}, {"Hannah", "Cohen"}, {"Ibrahim", "Diallo"},
      {"Julia", "Kowalska"}, {"Kwame", "Mensah"}, {"Lucía", "Romero"}, {"Mateo", "Herrera"},
      {"Nadia", "Petrović"}, {"Oscar", "Lindström"}, {"Paula", "Jiménez"}, {"Ravi", "Patel"},
      {"Sofia", "Costa"}, {"Thabo", "Nkosi"},
  };

  private SampleDirectory() {
  }

  public static List<User> users() {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < PEOPLE.length; i++) {
      String given = PEOPLE[i][0];
      String family = PEOPLE[i][1];
      String id = userId(i + 1);
      String local = ascii(given) + "." + ascii(family);
      // keep the apostrophe in the userName (a filter-escaping test), not in the address
      String userName = family.equals("O'Brien") ? "conor.o'brien" : local;
      String display = family.equals("Smith") ? "Robert \"Bob\" Smith" : given + " " + family;
      users.add(new User(id, userName, given, family, display,
          local.replace("'", "") + "@example.com"));
    }
    return List.copyOf(users);
  }

  public static List<Group> groups() {
    return List.of(
        new Group("engineering", "Engineering", range(1, 18)),
        new Group("sales", "Sales", range(19, 28)),
        new Group("support", "Support", range(29, 40)),
        new Group("admins", "Admins", ids(1, 5, 19, 29, 41)),
        new Group("rnd-labs", "R&D \"Labs\"", ids(3, 7, 10, 13, 16, 42, 43, 44, 45)),
        new Group("everyone", "Everyone", range(1, PEOPLE.length)));
  }

  static String userId(int n) {
    return String.format(Locale.ROOT, "u%02d", n);
  }

  private static List<String> range(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(SampleDirectory::userId).toList();
  }

  private static List<String> ids(int... numbers) {
    return IntStream.of(numbers).mapToObj(SampleDirectory::userId).toList();
  }

  /** "Søren Ó Súilleabháin" -> "soren-o-suilleabhain": letters a-z, digits, '-' and '''. */
  static String ascii(String name) {
    String folded = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("ł", "l")
        .replace("đ", "d");
    return folded.replaceAll("[\\s]+", "-").replaceAll("[^a-z0-9'-]", "");
  }
}
