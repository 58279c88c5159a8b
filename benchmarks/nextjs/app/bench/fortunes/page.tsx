// /bench/fortunes: the stored fortunes, one added at request time, sorted by message, rendered as a table
// (React escapes the messages). Rendered on every request, never cached.
import { fortunesPage } from "@/lib/store";

export const dynamic = "force-dynamic";
export const metadata = { title: "Fortunes" };

export default async function FortunesPage() {
  const fortunes = await fortunesPage();
  return (
    <table>
      <tbody>
        <tr>
          <th>id</th>
          <th>message</th>
        </tr>
        {fortunes.map((f) => (
          <tr key={f.id}>
            <td>{f.id}</td>
            <td>{f.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
