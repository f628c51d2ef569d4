#!/usr/bin/env python3
"""Writes a synthetic client spreadsheet as Russian Excel saves it (Windows-1251, ';').

Usage: bench/make_contacts_csv.py ROWS OUT.csv [--seed N] [--utf8]
Deterministic for a seed. About 3% of rows repeat an earlier client's phone (written the other
way, 8 (9xx) ... instead of +7 9xx ...) and 1% have a broken phone, as real exports do.
"""
import random
import sys

SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Соколов", "Морозов", "Волков", "Лебедев",
            "Козлов", "Новиков", "Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Мельник"]
MALE = ["Александр", "Дмитрий", "Сергей", "Андрей", "Олег", "Тарас", "Игорь", "Максим", "Павел"]
FEMALE = ["Александра", "Елена", "Ольга", "Наталья", "Марина", "Оксана", "Анна", "Ирина", "Юлия"]
PATRONYMIC = [("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"),
              ("Петрович", "Петровна"), ("Иванович", "Ивановна")]
MANAGERS = ["anna.petrova", "igor.sidorenko", "olga.kovalenko", "maxim.orlov"]
CITIES = ["Москва", "Санкт-Петербург", "Екатеринбург", "Казань", "Киев", "Харьков"]


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 2026
    encoding = "utf-8-sig" if "--utf8" in sys.argv else "cp1251"
    rnd = random.Random(seed)
    phones = []
    with open(out, "w", encoding=encoding, newline="") as f:
        f.write("ФИО;Телефон;E-mail;Город;Ответственный;Дата рождения;Теги;Комментарий\r\n")
        for i in range(rows):
            female = rnd.random() < 0.5
            surname = rnd.choice(SURNAMES) + ("а" if female and not rnd.choice(SURNAMES).endswith("о") else "")
            name = f"{surname} {rnd.choice(FEMALE if female else MALE)} {rnd.choice(PATRONYMIC)[female]}"
            if phones and rnd.random() < 0.03:
                d = rnd.choice(phones)
                phone = f"8 ({d[0:3]}) {d[3:6]}-{d[6:8]}-{d[8:10]}"
            elif rnd.random() < 0.01:
                phone = "нет телефона"
            else:
                d = f"9{rnd.randrange(10**9):09d}"
                phones.append(d)
                phone = f"+7 {d[0:3]} {d[3:6]} {d[6:8]} {d[8:10]}"
            email = f"client{i}@example.ru" if rnd.random() < 0.6 else ""
            birthday = f"{rnd.randrange(1, 28):02d}.{rnd.randrange(1, 13):02d}.{rnd.randrange(1955, 2004)}"
            tags = rnd.choice(["", "VIP", "опт", "VIP, опт", "розница"])
            comment = rnd.choice(["", "Перезвонить после 18:00", "Просил КП; скидка 5%", "Пришёл с выставки"])
            f.write(";".join([name, phone, email, rnd.choice(CITIES), rnd.choice(MANAGERS), birthday,
                              f'"{tags}"' if "," in tags else tags,
                              f'"{comment}"' if ";" in comment else comment]) + "\r\n")


if __name__ == "__main__":
    main()
